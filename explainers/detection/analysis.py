"""Analysis of one candidate: read its context, try the exclusions, grow the span.

``analyse`` receives one number phrase found by the scan. It reads the context
once (``read_candidate``), runs the ordered exclusion rules
(``exclusions.EXCLUSIONS``, without those that cannot apply to the kind
of candidate), and when none proves the number is something else
it is a statistic: the span grows over its quantifier ("more than"), currency,
unit, range partner ("200-300"), counted noun and "of" phrase.
"""

from .exclusions import RULES_FOR, Candidate
from .lexicon import (
    CURRENCY_BEFORE,
    GLUED_SUFFIX,
    OF_RATE_AFTER,
    ORDINAL_SUFFIX,
    PLURAL_S_AFTER,
    RATE_AFTER,
    RIGHT,
    UNIT,
    YEAR_MAX,
    YEAR_MIN,
)
from .rules import (
    _CURRENCY_HINTS,
    _OF_STARTS,
    _PAIR_STARTS,
    _RATE_STARTS,
    STAT,
    Verdict,
    _left_words,
    _noun_phrase_end,
    _of_phrase_end,
    _pair_end,
    _quantifier_length,
    _start_of_words,
)


def _glued_suffix(text: str, end: int) -> tuple[str | None, int]:
    """What letters glued to digits make them: a unit, ordinal, decade or name."""
    if ORDINAL_SUFFIX.match(text, end):
        return "ordinal", end + 2
    if PLURAL_S_AFTER.match(text, end):
        return "decade", end + 1
    glued = GLUED_SUFFIX.match(text, end)
    if not glued:
        return "letters", end
    return "unit", glued.end()


def read_candidate(text: str, start: int, end: int, is_digits: bool) -> Candidate:
    """Reads the context of the number at ``text[start:end]`` once."""
    core = text[start:end]
    plain = is_digits and core.isdigit()
    value = int(core) if plain else None
    glued, glued_end = None, end
    if is_digits and end < len(text) and (text[end].isalpha() or text[end] in "'’"):
        glued, glued_end = _glued_suffix(text, end)
    has_unit = glued == "unit"
    unit = text[end:glued_end].lower() if has_unit else None
    if has_unit:
        end = glued_end

    currency = None
    before = text[start - 2 : start].strip()
    if before and (before[-1] in _CURRENCY_HINTS or before[-1].isupper()):
        currency = CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    left = currency.start() if currency else start
    raw, words = _left_words(text, left)
    is_year = value is not None and len(core) == 4 and YEAR_MIN <= value < YEAR_MAX

    right = RIGHT.match(text, end)
    right_kind = right.lastgroup if right else None
    unit_end = end
    if right and right_kind == "unit":
        has_unit = True
        unit_end = right.end()
        unit = right.group().strip().lower()

    # Ranges ("200-300 homes") and proportions ("one in five children") are
    # one statistic: exclusions look at what follows the second number.
    paired = False
    span_end = unit_end
    after, after_kind = right, right_kind
    if right_kind in (None, "unit") and text.startswith(_PAIR_STARTS, unit_end):
        partner_end = _pair_end(text, unit_end, core, unit, words, is_year, left)
        if partner_end is not None:
            paired = True
            span_end = partner_end
            after = RIGHT.match(text, partner_end)
            after_kind = after.lastgroup if after else None
            if after and after_kind == "unit":
                has_unit = True
                span_end = after.end()
                # A multiplier then a unit: "5m to 6m tonnes".
                unit_after = UNIT.match(text, span_end)
                if unit_after:
                    span_end = unit_after.end()
    # Positional: a quarter of the cost of keywords, once per candidate.
    return Candidate(
        text, start, end, core, is_digits, plain, value, glued, glued_end,
        has_unit, unit, currency is not None, left, raw, words, is_year, right,
        right_kind, paired, span_end, after, after_kind,
    )  # fmt: skip


def grow_span(c: Candidate) -> Verdict:
    """The statistic's span: quantifier, number, unit, counted noun, rate."""
    text, span_end = c.text, c.span_end
    time_unit = c.after_kind == "time"
    if time_unit:
        time_end = c.time_end
        # "four hours of electricity a day": the rate closes the span.
        of_rate = text.startswith(_OF_STARTS, time_end) and OF_RATE_AFTER.match(
            text, time_end
        )
        span_end = of_rate.end() if of_rate else time_end

    span_start = c.left
    quantifier = _quantifier_length(c.words)
    if quantifier:
        span_start = _start_of_words(text, c.left, c.raw, quantifier)

    noun_end = _noun_phrase_end(text, span_end)
    if noun_end == span_end or c.has_unit or c.paired or time_unit or not c.is_digits:
        # No counted noun of its own, or a unit, fraction or vague plural:
        # "40% of the population", "thousands of miles", "13 of UNRWA's
        # 13,000 staff".
        of_end = _of_phrase_end(text, span_end)
        if of_end > span_end:
            span_end = noun_end = of_end
    if not time_unit:
        span_end = noun_end
    if text.startswith(_RATE_STARTS, span_end):
        rate = RATE_AFTER.match(text, span_end)
        if rate:
            span_end = rate.end()
    return Verdict(STAT, span_start, span_end)


def analyse(text: str, start: int, end: int, is_digits: bool) -> Verdict:
    """Classifies the number at ``text[start:end]`` and computes its span."""
    candidate = read_candidate(text, start, end, is_digits)
    # The rules that can apply to this kind of candidate (``rules_for``).
    for exclusion in RULES_FOR[is_digits, candidate.glued not in (None, "unit")]:
        verdict = exclusion(candidate)
        if verdict is not None:
            return verdict
    return grow_span(candidate)
