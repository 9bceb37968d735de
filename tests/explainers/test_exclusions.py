"""Each exclusion rule: what it proves is not a statistic, and what it must not.

A number is a statistic unless a rule in ``EXCLUSIONS`` positively proves
otherwise, so every rule is pinned both ways: an example it excludes (and it
is the rule that decides), and a look-alike it must leave to be reported.
"""

import re

import pytest

from explainers.detection import detect
from explainers.detection.analysis import read_candidate
from explainers.detection.exclusions import (
    DIGITS_ONLY,
    EXCLUSIONS,
    GLUED_ONLY,
    RULES_FOR,
    WORDS_ONLY,
)

# rule name: (text, the number it judges, a look-alike that is a statistic)
CASES = {
    "ordinal_suffix": ("the 93rd brigade held", "93", "93 brigades held"),
    "decade": ("in the 1990s the war", "1990", "1990 soldiers were"),
    "letters_glued_after": ("a 5G mast was hit", "5", "a 5km convoy was hit"),
    "year_after_preposition": ("fighting since 2014 has", "2014", None),
    "month_and_day_or_year": ("on 24 February troops", "24", "24 troops died"),
    "slashed_date_clock_or_possessive": (
        "on 24/2 troops crossed",
        "24",
        "1/3 of the population fled",
    ),
    "year_that_counts_nothing": (
        "between 1991 and 2018 it grew",
        "1991",
        "officials said that 1800 civilians died",
    ),
    "dotted_clock_time": ("by 10.30 on Tuesday", "10.30", "by 10.30 per cent"),
    "name_with_number": (
        "under Resolution 2334 the council",
        "2334",
        "In Kharkiv 700 civilians died",
    ),
    "number_word_reading": (
        "the two countries signed",
        "two",
        "two countries signed",
    ),
    "age_in_apposition": ("The boy, 12, was rescued.", "12", "The boys, 12 in all"),
    "compound_modifier": ("a 12-point plan was", "12", "12 points were"),
    "age": ("aged 72, he fled", "72", "72 people fled"),
    "narrated_length_of_time": (
        "the siege lasted for 12 hours",
        "12",
        "power was cut 14 hours a day",
    ),
    "time_ago": ("a thousand ago it began", "thousand", "a thousand troops"),
}


def deciding_rule(text: str, number: str) -> str | None:
    """The name of the first rule that excludes ``number`` in ``text``."""
    start = text.index(number)
    is_digits = number[0].isdigit()
    end = start + len(re.match(r"[\d.,]+|\w+", number).group())
    candidate = read_candidate(text, start, end, is_digits)
    for rule in EXCLUSIONS:
        if rule(candidate) is not None:
            return rule.__name__
    return None


def test_every_rule_is_pinned():
    assert set(CASES) == {rule.__name__ for rule in EXCLUSIONS}


@pytest.mark.parametrize("rule", list(CASES))
def test_the_rule_excludes_what_it_names(rule):
    text, number, _ = CASES[rule]
    assert deciding_rule(text, number) == rule
    assert not any(number in d.text for d in detect(text))


@pytest.mark.parametrize("rule", [r for r, case in CASES.items() if case[2]])
def test_the_rule_leaves_a_statistic_alone(rule):
    statistic = CASES[rule][2]
    assert statistic is not None
    assert detect(statistic), f"{statistic!r} must be reported"


def test_each_kind_runs_the_rules_in_order_and_skips_only_the_other_kinds():
    names = [rule.__name__ for rule in EXCLUSIONS]
    assert set(names) >= DIGITS_ONLY | WORDS_ONLY | GLUED_ONLY
    for (is_digits, glued), rules in RULES_FOR.items():
        skipped = (WORDS_ONLY if is_digits else DIGITS_ONLY) | (
            set() if glued else GLUED_ONLY
        )
        assert [r.__name__ for r in rules] == [n for n in names if n not in skipped]


@pytest.mark.parametrize(
    "text",
    [
        "THREE HUNDRED KILLED IN SHELLING",
        "Attack Kills Three Hundred In Kharkiv",
        "Reportedly 800 fighters were killed.",
        "Yesterday 9 aid workers died.",
        "A couple of hundred soldiers surrendered.",
        "Artillery fire ran at roughly 3:1.",
        "Some Twenty Thousand people left.",
    ],
)
def test_numbers_no_rule_proves_otherwise_are_reported(text):
    assert detect(text)
