"""Reading a figure from the phrase that states it, for a new statistic.

"about $1.1 billion" is 1100000000 USD; "45% of farmland" is 45 %; "12,000
people" is 12000 people. The sentence around the phrase gives an as-of date
when it names one ("in September 2025", "as of March 2024"). What cannot be
read is left empty for the editor: a wrong value is worse than none.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
}
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "a dozen": 12, "dozens": None, "a hundred": 100, "a thousand": 1000,
}  # fmt: skip
PERCENT = re.compile(r"%|\bper ?cent\b|\bpercent\b", re.IGNORECASE)
NUMBER = re.compile(r"\d[\d,\u202f\u00a0]*(?:\.\d+)?")
SCALE_AFTER = re.compile(
    r"\s*(thousand|million|billion|trillion|bn|mn|m|k)\b", re.IGNORECASE
)
# Words a unit does not start with: quantifiers and connectives.
NOT_UNIT = {"of", "the", "a", "an", "to", "and", "or", "in", "more", "than"}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
AS_OF = re.compile(
    r"\b(?:(?:as of|as at|in|by|at the end of|until|to)\s+)?"
    r"(?:(\d{1,2})\s+)?(" + "|".join(MONTHS) + r")?\s*((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    unit: str
    as_of: datetime.date | None


def format_value(value: Decimal | None) -> str:
    """A value as people write it: thousands separated, no trailing zeros."""
    if value is None:
        return ""
    return format(value.normalize(), ",f")


def statistic_key(phrase: str) -> str:
    """A key from the phrase that keeps decimals apart: 1.1 is ``1-1``, never
    ``11``; thousands separators go (12,000 is ``12000``)."""
    text = re.sub(r"(?<=\d)[,\u202f\u00a0](?=\d{3})", "", phrase)
    text = re.sub(r"(?<=\d)\.(?=\d)", "-", text)
    text = text.replace("%", " percent")
    key = slugify(text)[:48].strip("-_")
    return re.sub(r"-+", "-", key) or "statistic"


def _currency(phrase: str) -> str:
    lowered = phrase.lower()
    for sign, code in CURRENCY_SIGNS.items():
        if sign in lowered:
            return code
    for word in re.findall(r"[a-z]+", lowered):
        if word in CURRENCY_WORDS:
            return CURRENCY_WORDS[word]
    return ""


def _number(phrase: str) -> tuple[Decimal | None, int]:
    """The number in the phrase, with its scale applied, and where it ends."""
    match = NUMBER.search(phrase)
    if match is None:
        lowered = phrase.lower()
        for word, value in sorted(WORDS.items(), key=lambda w: -len(w[0])):
            found = re.search(rf"\b{word}\b", lowered)
            if found:
                if value is None:
                    return None, found.end()
                return _scaled(Decimal(value), phrase, found.end())
        return None, 0
    digits = re.sub(r"[,\u202f\u00a0]", "", match.group(0))
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None, match.end()
    return _scaled(number, phrase, match.end())


def _scaled(number: Decimal, phrase: str, end: int) -> tuple[Decimal, int]:
    scale = SCALE_AFTER.match(phrase, end)
    if scale:
        number, end = number * SCALES[scale.group(1).lower()], scale.end()
    # 1.1 billion is 1100000000, not 1100000000.0.
    if number == number.to_integral_value():
        number = Decimal(int(number))
    return number, end


def _unit(phrase: str, end: int) -> str:
    words = re.findall(r"[^\W\d_][\w'-]*", phrase[end:])
    while words and words[0].lower() in NOT_UNIT:
        words.pop(0)
    return " ".join(words)[:50]


def as_of_date(sentence: str) -> datetime.date | None:
    """The date a sentence gives its figure: "in September 2025" is the last
    day of that month, "in 2024" the last day of that year; a year after
    "since" or "from" starts a period and is not a date of the figure."""
    for match in AS_OF.finditer(sentence):
        before = sentence[max(0, match.start() - 6) : match.start()].lower()
        if "since" in before or "from" in before:
            continue
        day, month, year = match.group(1), match.group(2), int(match.group(3))
        if month:
            number = MONTHS[month.lower()]
            last = calendar.monthrange(year, number)[1]
            return datetime.date(year, number, min(int(day), last) if day else last)
        return datetime.date(year, 12, 31)
    return None


def read_figure(phrase: str, sentence: str = "") -> Figure:
    """The value, unit and as-of date that ``phrase`` (in ``sentence``) states."""
    value, end = _number(phrase)
    unit = "%" if PERCENT.search(phrase) else (_currency(phrase) or _unit(phrase, end))
    # The phrase's own number is no date: read the date from the rest.
    rest = sentence.replace(phrase, " ", 1) if phrase in sentence else sentence
    return Figure(value=value, unit=unit, as_of=as_of_date(rest))
