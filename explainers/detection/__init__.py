"""Statistic detector: finds number-bearing claims in prose.

The approach is rule-based and runs in two stages:

1. One compiled scan over the lower-cased text (``lexicon.SCAN``) finds the
   candidate numbers: digit groups ("1,200", "84 770", "25.4", "2.5 million")
   and, through a character trie, number words; an anchored phrase pattern
   then reads each whole number-word phrase ("tens of thousands",
   "two-thirds", "a dozen", "half a million"). Digits inside identifiers
   ("COVID-19"), clock times, footnote markers and telephone numbers are
   dropped here.
2. Each candidate is analysed on a small window of surrounding text
   (``rules.analyse``) with anchored, pre-compiled patterns and word-set
   look-ups: exclusion rules for dates, identifiers, ages, durations, references
   and ordinals, then span growth over the quantifier ("more than"), currency,
   unit, range partner ("200-300"), counted noun and "of" phrase.

The rules follow the annotation specification in the statistics corpus README:
a statistic is a factual quantity a reader would expect to be sourced; spans
cover quantifier + number + counted noun or unit. When unsure the detector
prefers to report: a false alarm costs a reviewer one click, a miss publishes
an unsourced number.
"""

from dataclasses import dataclass

from .analysis import analyse
from .lexicon import (
    PHONE,
    PHONE_AFTER_LABEL,
    PHONE_GROUP,
    PHONE_LABEL_BEFORE,
    SCAN,
    SCAN_ANYCASE,
    WORD_PHRASE,
)
from .rules import STAT

__all__ = ["Detection", "detect"]


@dataclass(frozen=True, slots=True)
class Detection:
    """A statistic found in a text; ``text == source[start:end]``."""

    start: int  # str offset
    end: int  # exclusive
    text: str


_GLUE_BEFORE = frozenset(".,/:")
_GLUED_AFTER_NAME = frozenset("-–(")


def _not_a_number(text: str, start: int, end: int) -> bool:
    """Digits that belong to something else: "COVID-19", "10:30", "[12]", "v.2"."""
    if start:
        before = text[start - 1]
        if before in _GLUE_BEFORE:
            return True
        if before in _GLUED_AFTER_NAME and start > 1 and text[start - 2].isalnum():
            # "T-72", "2014-15" (ranges are read from their first number) and
            # sub-clauses such as "Article 2(4)".
            return True
        if before == "[" and text.startswith("]", end):
            return True  # footnote marker
    return text.startswith(":", end) and _is_clock(text, start, end)


def _is_clock(text: str, start: int, end: int) -> bool:
    """ "10:30", "0:45": hours then two-digit minutes. "3:1" is a ratio."""
    if not text.startswith(":", end) or end - start > 2:
        return False
    minutes = text[end + 1 : end + 3]
    return (
        len(minutes) == 2
        and minutes.isdigit()
        and int(minutes) < 60
        and int(text[start:end]) <= 24
        and not text[end + 3 : end + 4].isdigit()
    )


def _glued_to_a_word(text: str, pos: int) -> bool:
    """Digits running on from letters ("A320", "COVID19"): part of a name.

    A multiplier written "x3" is the one exception.
    """
    if not pos or not text[pos - 1].isalnum():
        return False
    return not (text[pos - 1] in "xX" and (pos < 2 or not text[pos - 2].isalnum()))


_PHONE_SEPARATORS = frozenset(" \u00a0.-")


def _phone_end(text: str, start: int, end: int) -> int:
    """End of a telephone number starting at ``start``, or 0.

    Only called when another digit group follows. A "+41" or "(+1)" country
    code, an "(020)" area code or a label ("tel.") marks a phone number; so
    does a run of seven or more digits with hyphens ("212-555-0100"), a
    leading zero or groups that are not thousands ("22 917 1234"), which a
    spaced or dotted amount ("1 234 567", "1.234.567") never has.
    """
    lead = start
    if start and text[start - 1] == "+":
        lead = start - 2 if start > 1 and text[start - 2] == "(" else start - 1
    elif start and text[start - 1] == "(":
        lead = start - 1
    labelled = PHONE_LABEL_BEFORE.search(text, max(0, lead - 12), lead)
    m = (PHONE_AFTER_LABEL if labelled else PHONE).match(text, lead)
    if not m:
        return 0
    if labelled or lead < start:
        return m.end()
    number = m.group()
    groups = PHONE_GROUP.findall(number)
    if sum(map(len, groups)) < 7:
        return 0  # "5-10-15 percent"
    if (
        "-" in number  # a range has two groups, never three
        or groups[0][0] == "0"
        or any(len(g) != 3 for g in groups[1:])
    ):
        return m.end()
    return 0


def detect(text: str) -> list[Detection]:
    """Statistics in ``text``, sorted by start and non-overlapping."""
    found: list[Detection] = []
    lowered = text.lower()
    if len(lowered) == len(text):
        hits = SCAN.finditer(" " + lowered)
    else:
        hits = SCAN_ANYCASE.finditer(" " + text)
    consumed = 0  # end of the last phrase taken by a statistic or an exclusion
    for hit in hits:
        kind = hit.lastgroup
        assert kind is not None  # every alternative of the scan is a named group
        pos = hit.start(kind) - 1  # offsets in ``text``, without the leading " "
        if pos < consumed or (
            pos and text[pos - 1].isalnum() and _glued_to_a_word(text, pos)
        ):
            continue
        if kind == "num":
            is_digits = True
            end = hit.end() - 1
            if _not_a_number(text, pos, end):
                consumed = end
                continue
            if (pos and text[pos - 1] == "+") or (
                end + 1 < len(text)
                and text[end] in _PHONE_SEPARATORS
                and text[end + 1] in "0123456789("
            ):
                phone_end = _phone_end(text, pos, end)
                if phone_end:
                    consumed = phone_end  # "+41 22 917 1234": an identifier
                    continue
        else:
            is_digits = False
            phrase = WORD_PHRASE.match(text, pos)
            # A number word outside the known phrases ("of hundred") is still
            # a candidate: only an exclusion rule may drop it.
            end = phrase.end() if phrase else hit.end(kind) - 1
        verdict = analyse(text, pos, end, is_digits)
        consumed = max(verdict.end, end)
        if verdict.kind != STAT:
            continue
        start = verdict.start
        if found and start < found[-1].end:
            start = found[-1].end  # a quantifier can't reach into the last span
            while start < pos and text[start].isspace():
                start += 1
        found.append(Detection(start, verdict.end, text[start : verdict.end]))
    return found
