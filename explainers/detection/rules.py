"""Context helpers for one candidate number: its left words, quantifier,
noun phrase, "of" phrase, range partner, and the tests behind the exclusion
rules (``exclusions``).

Every pattern is pre-compiled and applied at a fixed position
(``pattern.match(text, pos)``), and the left context is read as a handful of
lower-cased words, so each candidate costs a few anchored matches and set
look-ups rather than a scan of the text.
"""

from typing import NamedTuple

from .lexicon import (
    AGE_BRACKET_WORDS,
    AGE_COPULAS,
    AGE_GROUP_NOUNS,
    AGE_LEAD_WORDS,
    AGE_SUBJECTS,
    AMOUNT,
    CHANGE_VERBS,
    CONNECTOR,
    COORDINATORS,
    FINDING_VERBS,
    FRACTION_CORE,
    HALF_DURATION_AFTER,
    HALF_DURATION_BEFORE,
    HALF_FOLLOWER,
    HEADLINE_COUNT_AFTER,
    HEADLINE_PARTICLES,
    HYPHEN_MODIFIER,
    IDENTIFIER_HEADS,
    LIST_BEFORE,
    LIST_SEPARATOR,
    MULTIPLIER_VALUES,
    MULTIPLIERS,
    NON_IDENTIFIER_CAPITALS,
    NOUN_PREMODIFIERS,
    NOUN_STOP_WORDS,
    OF_ADJECTIVE,
    OF_AFTER,
    OF_PHRASE,
    ONE_CASUALTY,
    ONE_CASUALTY_BEFORE,
    ONE_PERSON_AFTER,
    ONE_PRONOUN_BEFORE,
    ONE_QUANTIFIERS,
    ONE_REFERENCE_AFTER,
    ONE_STANDING,
    ORDINAL_LEAD_WORDS,
    PARTNER,
    PLURAL_MULTIPLIERS,
    PLURAL_NOUNS,
    QUANTIFIERS_BY_LAST_WORD,
    RANGE_FROM_CUES,
    REFERENCE_DETERMINERS,
    SMALL_WORD_ONLY,
    TENS_WORDS,
    TIME_NARRATIVE_AFTER,
    TITLE_CASE_MINOR,
    UNIT,
    WORD_TOKEN,
    WORD_VALUES,
    YEAR_COUNT_DETERMINERS,
    YEAR_COUNTED_NOUNS,
    YEAR_DIGITS,
    YEAR_LEAD_WORDS,
    YEAR_MAX,
    YEAR_MIN,
    ZERO_NON_COUNT_AFTER,
)

# Verdicts: "stat" for statistics, otherwise the corpus' non_statistics kinds.
STAT = "stat"
DATE = "date"
IDENTIFIER = "identifier"
REFERENCE = "reference"
AGE = "age"
DURATION = "duration"
ORDINAL = "ordinal_rank"


class Verdict(NamedTuple):
    kind: str
    start: int
    end: int  # end of the statistic's span, or of the excluded phrase


_ABBREVIATIONS = frozenset({"approx.", "c.", "no.", "p.", "pp.", "vol.", "est."})
_TRAILING_PUNCT = frozenset(",.;:!?)]}\"”’'–—…")
_LEADING_PUNCT = "([{\"“‘'"
_POSSESSIVE_ENDINGS = ("'s", "’s", "s'", "s’")
# Cheap prefix check before the CONNECTOR regex ("-", " to ", " in ", ...).
_PAIR_STARTS = (
    *(
        f"{space}{word}{after}"
        for space in (" ", "\u00a0")
        for word in ("to", "and", "or", "in", "out", "of", "To", "And", "Or", "In")
        for after in (" ", "\u00a0")
    ),
    *("-", "–", "—", " -", " –", " —"),
)
# Cheap prefix checks that spare a regex call in the common case.
_OF_STARTS = (" of ", " of\u00a0", "\u00a0of ")
_RATE_STARTS = (" a ", " an ", " per ", " each ", " every ", "\u00a0per ")
# Last character of a currency prefix: "$", "€", "UAH", "Rs.".
_CURRENCY_HINTS = frozenset("$€£¥₴₽₪.")


# ---------------------------------------------------------------------------
# Context helpers
# ---------------------------------------------------------------------------


def _left_words(
    text: str, pos: int, limit: int = 4, reach: int = 48
) -> tuple[list[str], list[str]]:
    """Up to ``limit`` words within ``reach`` characters before ``pos``.

    Returns them as written and lower-cased.

    Stops at punctuation or a line break so that words of a previous clause
    ("Ukraine, 44 million") are never read as context of the number.
    """
    if pos == 0 or not text[pos - 1].isspace():
        return [], []
    lo = pos - reach if pos > reach else 0
    window = text[lo:pos]
    newline = window.rfind("\n")
    if newline >= 0:
        window = window[newline + 1 :]
    elif lo and not text[lo - 1].isspace():
        window = window.split(None, 1)[-1]  # drop the word cut by the window
    tokens = window.split()[-limit:]
    i = len(tokens)
    while i:
        tok = tokens[i - 1]
        if tok[-1] in _TRAILING_PUNCT and tok.lower() not in _ABBREVIATIONS:
            break
        i -= 1
        if tok[0] in _LEADING_PUNCT:
            break
    if i == len(tokens):
        return [], []
    raw = tokens[i:]
    lowered = " ".join(raw).lower().split()
    if raw[0][0] in _LEADING_PUNCT:
        lowered[0] = lowered[0].lstrip(_LEADING_PUNCT)
    return raw, lowered


def _start_of_words(text: str, pos: int, raw: list[str], count: int) -> int:
    """Offset of the ``count``-th word of ``raw`` before ``pos``."""
    for tok in reversed(raw[-count:]):
        # The nearest occurrence is the token itself: only spaces separate them.
        pos = text.rfind(tok, 0, pos)
    while text[pos] in _LEADING_PUNCT:
        pos += 1
    return pos


def _quantifier_length(words: list[str]) -> int:
    """How many trailing ``words`` form a quantifier ("more than", "some")."""
    n = len(words)
    for _ in range(2):  # stacked quantifiers: "an estimated more than"
        if not n:
            break
        for q in QUANTIFIERS_BY_LAST_WORD.get(words[n - 1], ()):
            k = len(q)
            if k <= n and tuple(words[n - k : n]) == q:
                n -= k
                break
        else:
            break
    return len(words) - n


def _noun_phrase_end(text: str, pos: int, max_words: int = 4) -> int:
    """End of the counted noun with its directly attached modifiers."""
    start = pos
    have_noun = False
    prev_capital = False
    for _ in range(max_words):
        m = WORD_TOKEN.match(text, pos)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if low in NOUN_STOP_WORDS:
            if low == "more" and pos == start:
                pos = m.end()  # "millions more"
            break
        modifier = (
            low.endswith(("ly", "ed", "ing")) or low in NOUN_PREMODIFIERS
        ) and not low.endswith(("ings", "eds"))
        capital = word[0].isupper()
        if have_noun and (modifier or (capital and not prev_capital)):
            # "people killed", "people Monday"; a capitalised run goes on in a
            # title-case heading: "4 Border Villages".
            break
        prev_capital = capital
        pos = m.end()
        if not modifier:
            if low in PLURAL_NOUNS or (
                low[-1] == "s" and not low.endswith(("ss", "us", "is"))
            ):
                break  # a plural head noun ends the phrase: "7 in 10 Ukrainians"
            have_noun = True
    return pos


def _of_phrase_end(text: str, pos: int) -> int:
    """Extend over "of the population", "of UNRWA's 13,000 staff", "of grain"."""
    if not text.startswith(_OF_STARTS, pos):
        return pos  # cheap guard before the regex
    m = OF_PHRASE.match(text, pos)
    if not m:
        return pos
    after = m.end()
    number = PARTNER.match(text, after)
    if not number:
        # "of the standard 2,100 kcal", "of the original 40,000": one word
        # between a determiner and the number.
        determined = not m.group().endswith(("of", "Of", "OF"))
        adjective = determined and OF_ADJECTIVE.match(text, after)
        if adjective:
            number = PARTNER.match(text, adjective.end())
            digits = number.group("digits") if number else None
            if digits and digits.isdigit() and YEAR_MIN <= int(digits) < YEAR_MAX:
                number = None  # "of the following 2024 ..." is a date
    if number:
        after = number.end()
        unit = UNIT.match(text, after)
        if unit:
            after = unit.end()
        else:
            # "half of the 2,100-calorie minimum": one proportion, not two
            # figures.
            compound = HYPHEN_MODIFIER.match(text, after)
            if compound:
                after = compound.end()
                end = _noun_phrase_end(text, after)
                return end if end > after else after
    end = _noun_phrase_end(text, after)
    if end > after:
        return end
    return after if number else pos  # "of the 2,000 km", "of the 40,000"


# ---------------------------------------------------------------------------
# Exclusion rules
# ---------------------------------------------------------------------------


def _is_identifier(text, start, end, plain, raw, words, has_unit) -> bool:
    """Numbers that name things: "Resolution 2334", "page 5", list markers."""
    if not words:
        # Numbered list item at the start of a line: "1. Background".
        line_start = start == 0 or text[start - 1] == "\n"
        return line_start and text[end : end + 2] in (". ", ") ")
    last_raw = raw[-1]
    last = words[-1]
    if last in IDENTIFIER_HEADS or last_raw[0] == "#":
        return plain
    # "Resolution 2334", "Channel 112", "Sormovskiy 121": a name then a bare
    # number. Grouped or decimal figures and multipliers read as amounts.
    if not (
        plain
        and not has_unit  # a headline's "Falls 21% To ...", "Adds 40 Km"
        and last_raw[0].isupper()
        and last not in NON_IDENTIFIER_CAPITALS
        and not last.endswith(_POSSESSIVE_ENDINGS)
    ):
        return False
    # Only a name proves it: a capitalised word that opens its sentence
    # ("Reportedly 800 ...", "Yesterday 9 ...") may be any word, unless a
    # capitalised singular word goes on with the name ("Apollo 11 Anniversary").
    nxt = WORD_TOKEN.match(text, end)
    named_on = nxt and nxt.group(1)[0].isupper() and nxt.group(1)[-1] != "s"
    if not named_on and _opens_sentence(text, _start_of_words(text, start, raw, 1)):
        return False
    # A counted noun follows a count, not a name: "In Kharkiv 700 civilians".
    if _counted_noun_follows(text, end):
        return False
    # A title-case heading counts things: "Russia Fires 300 Drones at Kyiv",
    # "Strike Kills 45 In Gaza", "Armenia Hands Back 4 Villages".
    nxt = WORD_TOKEN.match(text, end)
    if nxt and nxt.group(1)[0].isupper() and nxt.group(1)[-1] == "s":
        return False
    counted = _headline_verb(raw, words) or HEADLINE_COUNT_AFTER.match(text, end)
    return not (counted and _is_title_case(text, start))


# Verbs in the present tense that follow a name with a number ("Resolution
# 2334 calls for ..."), which a plural noun test would read as a count.
_NAME_VERBS = frozenset(
    [
        "says",
        "calls",
        "reports",
        "remains",
        "demands",
        "states",
        "requires",
        "provides",
        "covers",
        "runs",
        "crosses",
        "carries",
        "flies",
        "holds",
        "shows",
        "sets",
        "lists",
    ]
)


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` is the first of its sentence or line."""
    before = text[max(0, pos - 3) : pos].rstrip(" \u00a0\t")
    return not before or before[-1] in '.!?:;\n"“(—–-\ufffc'


def _counted_noun_follows(text: str, end: int) -> bool:
    """Whether a lower-case plural noun follows: "700 civilians", "45 trucks"."""
    m = WORD_TOKEN.match(text, end)
    if not m:
        return False
    nxt = m.group(1)
    if not nxt.islower() or nxt in _NAME_VERBS or nxt in NOUN_STOP_WORDS:
        return False
    return nxt in PLURAL_NOUNS or (
        nxt.endswith("s") and not nxt.endswith(("ss", "us", "is"))
    )


def _headline_verb(raw: list[str], words: list[str]) -> bool:
    """Whether the capitalised word before a number reads as a headline verb.

    Headlines use the present tense ("Kills", "Seizes", "Hands Back") or a
    participle ("Killed"); names before a number rarely end so ("Volgoneft
    212", "Boeing 737").
    """
    verb = words[-1]
    if verb in HEADLINE_PARTICLES and len(words) > 1 and raw[-2][0].isupper():
        verb = words[-2]
    if verb.endswith(("ss", "us", "is")):
        return False
    return verb.endswith(("s", "ed"))


def _is_title_case(text: str, pos: int) -> bool:
    """Whether the line or sentence around ``pos`` is a title-case heading."""
    lo = max(0, pos - 120)
    newline = text.rfind("\n", lo, pos)
    full_stop = text.rfind(". ", lo, pos)
    if newline >= 0 or full_stop >= 0:
        lo = max(newline + 1, full_stop + 2)
    hi = min(len(text), pos + 120)
    for stop in ("\n", ". "):
        found = text.find(stop, pos, hi)
        if found >= 0:
            hi = found
    capitals = lower = 0
    for token in text[lo:hi].split():
        if not token[0].isalpha() or (
            len(token) < 5 and token.lower() in TITLE_CASE_MINOR
        ):
            continue
        if token[0].isupper():
            capitals += 1
        else:
            lower += 1
    return capitals >= 3 and capitals >= 4 * lower


def _is_age(text: str, end: int, value: int | None, words: list[str]) -> bool:
    """Age brackets read from the left: "aged 72", "people over 65".

    ``value`` is None for number words; grouped or decimal figures never
    reach here as ages.
    """
    if not words or (value is not None and value > 120):
        return False
    if words[-1] in AGE_LEAD_WORDS or words[-2:-1] == ["age"]:
        return True  # "aged 72", "aged between 18 and 60", "age of 18"
    if len(words) > 1 and words[-2] in AGE_LEAD_WORDS:
        return True  # "aged over 60"
    if words[-1] in AGE_BRACKET_WORDS:
        # "people over 65", "children under five", "those older than 60"
        if any(w in AGE_GROUP_NOUNS for w in words[-3:-1]):
            return True
        # "one in five was over 60", "most were under 18": a bracket stated
        # of people, with no counted noun after the number.
        k = 2 if words[-1] == "than" and words[-2:-1] in (["older"], ["younger"]) else 1
        if len(words) > k + 1 and words[-1 - k] in AGE_COPULAS:
            subject = words[-2 - k]
            if subject in AGE_SUBJECTS or subject in AGE_GROUP_NOUNS:
                nxt = WORD_TOKEN.match(text, end)
                return not nxt or nxt.group(1).lower() in NOUN_STOP_WORDS
    return False


# Words after which a year-shaped number is read as a year even before a
# counted noun: "in 2014 people began to leave".
_YEAR_PREPOSITIONS = frozenset(
    [
        "in",
        "since",
        "by",
        "from",
        "until",
        "till",
        "during",
        "before",
        "after",
        "through",
        "throughout",
        "early",
        "late",
        "mid",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "fiscal",
        "year",
    ]
)


def _year_counts(text: str, end: int, words: list[str], has_unit: bool) -> bool:
    """Whether a four-digit number in the year range counts something."""
    if has_unit:
        return True  # "2000 km"
    if words and words[-1] not in ("between", "under") and _quantifier_length(words):
        return True  # "some 2000 fighters"
    m = WORD_TOKEN.match(text, end)
    nxt = m.group(1) if m else ""
    if words and words[-1] in YEAR_LEAD_WORDS:
        # "of the 2000 people who fled" and "said that 1800 civilians" count;
        # "the 2015 elections" and "in 2014 people ..." are dates.
        return (
            words[-1] in YEAR_COUNT_DETERMINERS or words[-1] not in _YEAR_PREPOSITIONS
        ) and nxt in YEAR_COUNTED_NOUNS
    if not nxt:
        return False
    # "killed 2000 civilians", "2000 people": a plural common noun follows.
    return nxt.islower() and (
        (nxt[-1] == "s" and nxt not in NOUN_STOP_WORDS) or nxt in PLURAL_NOUNS
    )


def _coordinated_finding(text, left, raw, words, q, end) -> bool:
    """A length of time coordinated with an earlier object of a finding verb.

    "adds 3,500 nautical miles and 10 to 14 days to the voyage": the verb is
    further back than the usual window, beyond the first object and any
    bracket after it ("3,500 miles (6,500 km) and 10 days").
    """
    if len(words) <= q or words[-1 - q] not in COORDINATORS:
        return False
    if TIME_NARRATIVE_AFTER.match(text, end):
        return False  # "lost their homes and ten days later ..."
    wide = _left_words(text, left, 12, 96)[1]
    if len(wide) == q + 1:
        # The window stopped at punctuation just before the coordinator: look
        # past a closing bracket there.
        before = text[: _start_of_words(text, left, raw, q + 1)].rstrip()
        if before.endswith(")"):
            opening = text.rfind("(", max(0, len(before) - 48), len(before))
            if opening > 0:
                wide = _left_words(text, opening, 12, 96)[1]
    return any(w in FINDING_VERBS for w in wide)


def _after_list_punctuation(text: str, start: int, words: list[str]) -> bool:
    """Whether a dash, comma, colon or bracket precedes the number word.

    A cheap guard before looking for an enumeration ("Mali, Burkina Faso
    and Niger – three countries"), which needs a longer regex search.
    """
    pos = start
    if words and words[-1] in ("the", "all", "these"):
        pos = text.rfind(" ", 0, start - 1)
    before = text[max(0, pos - 3) : pos].rstrip()
    return bool(before) and before[-1] in "–—,:(-"


def _is_count_word(word: str) -> bool:
    """A number used as a count: "two", "12", "1,200", "dozens" (not a year)."""
    word = word.rstrip(",.;:")
    if not word:
        return False
    if word[0].isdigit():
        return not (
            len(word) == 4 and word.isdigit() and YEAR_MIN <= int(word) < YEAR_MAX
        )
    return (
        word.split("-")[0] in WORD_VALUES
        or word in MULTIPLIERS
        or word in PLURAL_MULTIPLIERS
    )


def _coordinated_with_count(words: list[str]) -> bool:
    """Whether ``words`` hold a count followed by a coordinator.

    "sinking two and seizing one", "four tanks and one helicopter": a number
    coordinated with an earlier count in the same clause is a count too. A
    number after a determiner ("the two countries and one") is a reference.
    """
    seen_count = False
    for i, word in enumerate(words):
        if word in COORDINATORS:
            if seen_count:
                return True
        elif _is_count_word(word) and (
            i == 0 or words[i - 1] not in REFERENCE_DETERMINERS
        ):
            seen_count = True
    return False


def _word_number_verdict(text, start, end, core, raw, words, paired) -> str | None:
    """Reference, ordinal and name readings of number words, or None."""
    low = core.lower()
    if (
        core[0].isupper()
        and raw
        and raw[-1][-1].islower()
        and not _quantifier_length(words)  # "Some Twenty Thousand people"
        and not _counted_noun_follows(text, end)
        and not _is_title_case(text, start)  # "Attack Kills Three Hundred"
    ):
        return IDENTIFIER  # capital mid-sentence: "Group of Seven", "BBC One"
    if words and words[-1] in IDENTIFIER_HEADS:
        return IDENTIFIER  # "number one"
    frac = FRACTION_CORE.match(core)
    if (
        frac
        and low in ("a half", "an half")
        and HALF_DURATION_BEFORE.search(text, max(0, start - 16), start)
    ):
        return DURATION  # "a year and a half later", "an hour and a half"
    if frac:
        head = low.split()[0].split("-")[0]
        singular = not frac.group(1).lower().endswith("s")
        if singular and head in TENS_WORDS:
            return ORDINAL  # "twenty-fifth"
        if singular and head in ("a", "an") and not OF_AFTER.match(text, end):
            # "a third of", "by a quarter" are fractions; "a third round" is not.
            nxt = WORD_TOKEN.match(text, end)
            if nxt and nxt.group(1).lower() not in NOUN_STOP_WORDS:
                return ORDINAL
        return None
    if low == "half":
        if words and words[-1] in ORDINAL_LEAD_WORDS:
            return DATE  # "the first half of 2024"
        if HALF_DURATION_AFTER.match(text, end):
            return DURATION  # "half an hour"
        if text.startswith("-", end):
            return REFERENCE  # "half-brother", "half-built"
        if (
            HALF_FOLLOWER.match(text, end)
            or words[-1:] == ["by"]
            or _quantifier_length(words)
        ):
            # "half of the population", "fell by half", "shrank by more
            # than half", "nearly half were children"
            return None
        return REFERENCE
    if low == "scores":
        return None if OF_AFTER.match(text, end) else REFERENCE
    if low == "zero":
        if ZERO_NON_COUNT_AFTER.match(text, end) or words[-1:] == ["ground"]:
            return IDENTIFIER
        return None
    if not SMALL_WORD_ONLY.match(core):
        return None
    if words and words[-1] in REFERENCE_DETERMINERS:
        return REFERENCE  # "the two countries"
    if low == "one":
        if paired:
            return None  # "one in five", "one or two"
        if (
            words
            and words[-1] in ONE_CASUALTY_BEFORE
            and ONE_PERSON_AFTER.match(text, end)
        ):
            return None  # "killing one man", "wounding one soldier"
        if ONE_REFERENCE_AFTER.match(text, end) or text.startswith("-", end):
            return REFERENCE  # "one of the", "one day", "one-off"
        if words and (words[-1] in ONE_PRONOUN_BEFORE or words[-2:] == ["one", "by"]):
            return REFERENCE  # "this one", "no one was hurt", "one by one"
        if words and words[-1] in ONE_QUANTIFIERS:
            return None  # "at least one"
        if (
            UNIT.match(text, end)
            or ONE_CASUALTY.match(text, end)  # "one civilian was killed"
            or ONE_STANDING.match(text, end)  # "one hospital remains open"
        ):
            return None
        if words and _coordinated_with_count(_left_words(text, start, 8, 72)[1]):
            return None  # "destroying three and damaging one"
        return REFERENCE
    value = WORD_VALUES.get(low.replace("-", " ").split()[0])
    if value and 2 <= value <= 12 and _after_list_punctuation(text, start, words):
        m = LIST_BEFORE.search(text, max(0, start - 160), start)
        if m:
            items = [i for i in LIST_SEPARATOR.split(m.group(1)) if i]
            if len(items) == value:
                return REFERENCE  # "Mali, Burkina Faso and Niger – three states"
    return None


def _amount(number: str, multiplier: str | None = None) -> tuple[float, bool]:
    """Value of "1,200", "5 million" or "1.4" + "bn", and if it was scaled."""
    m = AMOUNT.match(number)
    assert m is not None  # called with digits: a number as written, then its unit
    value = float("".join(ch for ch in m.group(1) if ch in "0123456789."))
    factor = MULTIPLIER_VALUES.get(multiplier or m.group(2).lower().rstrip("s"))
    return (value * factor, True) if factor else (value, False)


def _is_change(text, left, words, core, unit, partner) -> bool:
    """Whether "from X to Y" reports a change (two values), not a range.

    It does after a verb of change ("cut vouchers from $12 to $8", "has fallen
    from about $1.4bn to roughly $1bn") or when the second value is lower, as
    a range ascends ("from $2bn to $1.2bn").
    """
    q = _quantifier_length(words)
    if len(words) <= q or words[-1 - q] != "from":
        return False
    if len(words) > q + 1 and words[-2 - q] in RANGE_FROM_CUES:
        return False  # "anywhere from 5 to 7 million"
    if any(w in CHANGE_VERBS for w in _left_words(text, left, 8, 72)[1]):
        return True
    digits = partner.group("digits")
    if not digits or not core[0].isdigit():
        return False
    second_unit = UNIT.match(text, partner.end())
    second, second_scaled = _amount(
        digits, second_unit.group().strip().lower() if second_unit else None
    )
    first, first_scaled = _amount(core, unit)
    if second_scaled and not first_scaled:
        return False  # "from 5 to 7 million": the multiplier is shared
    return second < first


def _pair_end(text, pos, core, unit, words, first_is_year, left) -> int | None:
    """End of the second number of a range or proportion starting at ``pos``.

    Ranges: "200-300", "between 2 and 3", "80,000 or 100,000", "10 to 20".
    Proportions: "one in five", "3 out of 4". ``core`` is the first number and
    ``unit`` its unit or multiplier as written ("%", "m", "tonnes"), or None.
    """
    c = CONNECTOR.match(text, pos)
    if not c:
        return None
    dash = c.group("dash")
    between = "between" in words[-2:]
    same_unit_needed = False
    if dash:
        if dash == "—" or c.end() - pos != 1:
            return None  # a spaced dash separates clauses
    elif c.group("proportion"):
        if unit:
            return None  # "40% in the north"
    else:
        if c.group("word").lower() == "and" and not between:
            return None
        # "grew 27.3% to UAH 1.6 trillion" gives two figures, "5m to 6m
        # tonnes" and "70% to 80%" one range.
        same_unit_needed = unit is not None and not between
    m = PARTNER.match(text, c.end())
    if not m:
        return None
    if (
        not between
        and (c.group("word") or "").lower() == "to"
        and _is_change(text, left, words, core, unit, m)
    ):
        return None  # "cut from $12 to $8": two values
    if same_unit_needed:
        partner_unit = UNIT.match(text, m.end())
        if not partner_unit or partner_unit.group().strip().lower() != unit:
            return None
    digits = m.group("digits")
    partner_is_year = bool(digits and YEAR_DIGITS.match(digits))
    if dash is None and first_is_year != partner_is_year:
        return None  # "in 2023 to 15 districts", "9 in 2024"
    return m.end()
