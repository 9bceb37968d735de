"""Exclusion rules: the only ways a candidate number stops being a statistic.

Every numeral and every number word the scan finds is a candidate, and it is
reported unless one of the rules in ``EXCLUSIONS`` positively proves that it
is something else: a date, an identifier or name, an age, a narrated length of
time, an ordinal or a reference. Each rule is a small function from a
``Candidate`` (the number and the context read once around it) to a
``Verdict`` or None; they run in order and the first verdict wins. Adding a
rule is adding a function to the list, with tests of what it excludes and of
what it must not.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import (
    AGE_APPOSITIVE_BEFORE,
    CLOCK_CONTEXT_AFTER,
    CLOCK_DOTTED,
    CLOCK_LEAD_WORDS,
    ESTIMATE_MODALS,
    ESTIMATE_VERBS,
    EXTENSION_QUANTIFIERS,
    FINDING_VERBS,
    IDENTIFIER_LIST,
    IDENTIFIER_LIST_HEADS,
    MONTH_AFTER,
    MONTH_BEFORE,
    OF_RATE_AFTER,
    QUANTIFIERS_BY_LAST_WORD,
    RATE_AFTER,
    TIME_NARRATIVE_AFTER,
    UNIT,
    YEARS_OF_FINDING,
)
from .rules import (
    _OF_STARTS,
    _YEAR_PREPOSITIONS,
    AGE,
    DATE,
    DURATION,
    IDENTIFIER,
    ORDINAL,
    Verdict,
    _coordinated_finding,
    _is_age,
    _is_identifier,
    _quantifier_length,
    _word_number_verdict,
    _year_counts,
)

_FRACTION_OF = re.compile(r"\d*\s+of\b", re.IGNORECASE)
# What after a number makes it a date, a time or a year's: "24/2", "10:30", "2014's".
_DATE_SHAPED_RIGHT = ("slash", "clock", "possessive")


@dataclass(slots=True)
class Candidate:
    """One candidate number and the context read around it, once."""

    text: str
    start: int
    end: int  # end of the number (with a glued unit: "50km")
    core: str  # the number as written
    is_digits: bool
    plain: bool  # digits only: "1994", not "1,200" or "2.5"
    value: int | None  # of plain digits; None for any other number
    glued: str | None  # "ordinal", "decade", "letters" or "unit"
    glued_end: int
    has_unit: bool
    unit: str | None
    currency: bool
    left: int  # where the words before the number (or its currency) end
    raw: list[str]
    words: list[str]
    is_year: bool
    right: re.Match[str] | None  # the RIGHT match after the number
    right_kind: str | None
    paired: bool  # a range or proportion: "200-300", "one in five"
    span_end: int
    after: re.Match[str] | None  # the RIGHT match after the pair's second number
    after_kind: str | None

    @property
    def time_end(self) -> int:
        """End of the unit of time after the number (or the pair)."""
        time = self.after if self.paired else self.right
        assert time is not None  # asked only once a unit of time was read
        return time.end()


Exclusion = Callable[[Candidate], Verdict | None]


def ordinal_suffix(c: Candidate) -> Verdict | None:
    """ "93rd", "2nd": an ordinal written with digits."""
    if c.glued == "ordinal":
        return Verdict(ORDINAL, c.start, c.glued_end)
    return None


def decade(c: Candidate) -> Verdict | None:
    """ "1990s", "2022's": a decade or a year's possessive."""
    if c.glued == "decade":
        return Verdict(DATE, c.start, c.glued_end)
    return None


def letters_glued_after(c: Candidate) -> Verdict | None:
    """ "5G", "T72b": digits running into letters that are no unit."""
    if c.glued == "letters":
        return Verdict(IDENTIFIER, c.start, c.end)
    return None


def year_after_preposition(c: Candidate) -> Verdict | None:
    """ "in 2014", "since 2011": a year after a word that introduces one."""
    words = c.words
    if (
        c.is_year
        and not c.has_unit
        and words
        and words[-1] in _YEAR_PREPOSITIONS
        and words[-1] not in QUANTIFIERS_BY_LAST_WORD
        and not UNIT.match(c.text, c.end)
    ):
        return Verdict(DATE, c.start, c.end)
    return None


def month_and_day_or_year(c: Candidate) -> Verdict | None:
    """ "October 7", "March 2022", "5 October", "3-4 May"."""
    if c.currency:
        return None  # "$24 in March" is money, not a date
    day_like = c.value is not None and c.value <= 31
    if (day_like or c.is_year) and MONTH_BEFORE.search(
        c.text, max(0, c.start - 16), c.start
    ):
        return Verdict(DATE, c.start, c.span_end)
    if day_like:
        month = MONTH_AFTER.match(c.text, c.end)
        if month:
            return Verdict(DATE, c.start, month.end())
    return None


def slashed_date_clock_or_possessive(c: Candidate) -> Verdict | None:
    """ "24/2", "10:30", "2014's"."""
    right = c.right
    if c.currency or right is None or c.right_kind not in _DATE_SHAPED_RIGHT:
        return None
    if c.right_kind == "slash" and _FRACTION_OF.match(c.text, right.end()):
        return None  # "1/3 of the population" is a proportion
    return Verdict(DATE, c.start, right.end())


def year_that_counts_nothing(c: Candidate) -> Verdict | None:
    """A year-shaped number with no counted noun: "1991 to 2018"."""
    if (
        not c.currency
        and c.is_year
        and not _year_counts(c.text, c.end, c.words, c.has_unit)
    ):
        return Verdict(DATE, c.start, c.span_end)
    return None


def dotted_clock_time(c: Candidate) -> Verdict | None:
    """ "by 10.30 on Tuesday"."""
    if (
        not c.currency
        and not c.plain
        and CLOCK_DOTTED.match(c.core)
        and c.words
        and c.words[-1] in CLOCK_LEAD_WORDS
        and CLOCK_CONTEXT_AFTER.match(c.text, c.end)
    ):
        return Verdict(DATE, c.start, c.end)
    return None


def name_with_number(c: Candidate) -> Verdict | None:
    """ "Resolution 2334", "Channel 112", "page 5", a list marker "1. "."""
    if c.currency or not _is_identifier(
        c.text, c.start, c.end, c.plain, c.raw, c.words, c.has_unit
    ):
        return None
    span_end = c.span_end
    if c.words and c.words[-1] in IDENTIFIER_LIST_HEADS:
        # "Resolutions 822, 853 and 874": the list is one name.
        listed = IDENTIFIER_LIST.match(c.text, c.end)
        if listed:
            span_end = max(span_end, listed.end())
    return Verdict(IDENTIFIER, c.start, span_end)


def number_word_reading(c: Candidate) -> Verdict | None:
    """Number words used as reference, ordinal or name: "the two countries",
    "one of the", "a third round", "Group of Seven", "half-brother"."""
    if c.is_digits:
        return None
    kind = _word_number_verdict(
        c.text, c.start, c.end, c.core, c.raw, c.words, c.paired
    )
    return Verdict(kind, c.start, c.span_end) if kind else None


def age_in_apposition(c: Candidate) -> Verdict | None:
    """ "The boy, 12, was rescued"."""
    if (
        c.value is not None
        and c.value <= 120
        and c.text.startswith(",", c.end)
        and AGE_APPOSITIVE_BEFORE.search(c.text, max(0, c.start - 24), c.start)
    ):
        return Verdict(AGE, c.start, c.end)
    return None


def compound_modifier(c: Candidate) -> Verdict | None:
    """ "a 12-point plan": a number inside a hyphenated name of a thing."""
    if c.after_kind == "compound":
        return Verdict(IDENTIFIER, c.start, c.span_end)
    return None


def age(c: Candidate) -> Verdict | None:
    """ "45-year-old", "aged 72", "people over 65"."""
    if c.after_kind == "age" or (
        (c.plain or not c.is_digits)
        and not c.has_unit
        and _is_age(c.text, c.end, c.value, c.words)
    ):
        return Verdict(AGE, c.start, c.span_end)
    return None


def narrated_length_of_time(c: Candidate) -> Verdict | None:
    """ "for 12 hours", "the three-year war"; not a rate ("14 hours a day"),
    a finding ("adds ten days", "15 years of growth") or an estimate ("could
    take 14 years")."""
    if c.after_kind != "time":
        return None
    text, words, time_end = c.text, c.words, c.time_end
    of_rate = text.startswith(_OF_STARTS, time_end) and OF_RATE_AFTER.match(
        text, time_end
    )
    q = _quantifier_length(words)
    verb = words[-1 - q] if len(words) > q else ""
    measured = (
        of_rate
        or RATE_AFTER.match(text, time_end)
        or YEARS_OF_FINDING.match(text, time_end)
        # "extended for four months" and "extended by a further three months"
        # prolong a term: a narrated span, not a measured effect.
        or (
            verb != "for"
            and tuple(words[len(words) - q :]) not in EXTENSION_QUANTIFIERS
            # "lost two trucks and ten days later turned back"
            and not TIME_NARRATIVE_AFTER.match(text, time_end)
            and (
                any(w in FINDING_VERBS for w in words)
                or _coordinated_finding(text, c.left, c.raw, words, q, time_end)
            )
        )
        # An estimate of the time a task will need: "could take 14 years".
        or (
            verb in ESTIMATE_VERBS
            and len(words) > q + 1
            and words[-2 - q] in ESTIMATE_MODALS
        )
    )
    return None if measured else Verdict(DURATION, c.start, time_end)


def time_ago(c: Candidate) -> Verdict | None:
    """ "seven days ago"."""
    if c.after_kind == "ago":
        return Verdict(DURATION, c.start, c.span_end)
    return None


EXCLUSIONS: list[Exclusion] = [
    ordinal_suffix,
    decade,
    letters_glued_after,
    year_after_preposition,
    month_and_day_or_year,
    slashed_date_clock_or_possessive,
    year_that_counts_nothing,
    dotted_clock_time,
    name_with_number,
    number_word_reading,
    age_in_apposition,
    compound_modifier,
    age,
    narrated_length_of_time,
    time_ago,
]

# Rules that can only judge some candidates: digits, number words, or digits
# with letters glued on. ``rules_for`` leaves the others out of the list it
# runs, in the same order (on a figure-dense text, a third fewer calls).
DIGITS_ONLY = frozenset(
    {
        "year_after_preposition",
        "month_and_day_or_year",
        "slashed_date_clock_or_possessive",
        "year_that_counts_nothing",
        "dotted_clock_time",
        "name_with_number",
        "age_in_apposition",
    }
)
WORDS_ONLY = frozenset({"number_word_reading"})
GLUED_ONLY = frozenset({"ordinal_suffix", "decade", "letters_glued_after"})


def _applies(rule: Exclusion, *, is_digits: bool, glued: bool) -> bool:
    name = rule.__name__
    if name in GLUED_ONLY:
        return glued
    return name not in (WORDS_ONLY if is_digits else DIGITS_ONLY)


RULES_FOR = {
    (is_digits, glued): [
        rule for rule in EXCLUSIONS if _applies(rule, is_digits=is_digits, glued=glued)
    ]
    for is_digits in (True, False)
    for glued in (True, False)
}


def rules_for(candidate: Candidate) -> list[Exclusion]:
    """The exclusions that can apply to ``candidate``, in their order."""
    return RULES_FOR[candidate.is_digits, candidate.glued not in (None, "unit")]
