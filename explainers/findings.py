"""Findings: number-bearing phrases in readers' text that no statistic covers.

The detector runs over every field readers see — title, standfirst, body,
box titles and bodies — with ``[[stat:KEY]]`` tokens blanked out (a placed
statistic is already cited and reviewed). Each finding has a fingerprint made
of its field, its normalised sentence and the phrase: a waiver covers exactly
that, so editing the sentence brings the finding back.
"""

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from explainers.detection import detect
from explainers.rendering import STAT_TOKEN

# Sentence ends: terminal punctuation (optionally closed by a quote or bracket)
# followed by space, or a line break that starts a new Markdown block.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*(?:[-*+] |#|\d+[.)] |> ))"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Field:
    """A piece of text readers see, with where it lives."""

    name: str  # "title", "standfirst", "body", "box_title", "box_body"
    text: str
    box_id: int | None = None

    @property
    def key(self) -> str:
        return f"box:{self.box_id}:{self.name}" if self.box_id else self.name

    @property
    def location(self) -> dict:
        location = {"field": self.name}
        if self.box_id:
            location["box"] = self.box_id
        return location


@dataclass(frozen=True, slots=True)
class Finding:
    field: Field
    start: int
    end: int
    phrase: str
    sentence: str
    fingerprint: str
    # True when the phrase overlaps Markdown link syntax in the source text.
    in_markup: bool = False

    @property
    def location(self) -> dict:
        return {
            **self.field.location,
            "offset": self.start,
            "phrase": self.phrase,
            "sentence": self.sentence,
            "fingerprint": self.fingerprint,
        }


# Markdown link syntax around readable text: the link text is prose readers
# see (and may hold a figure); the address, brackets and bare URLs are not.
_INLINE_LINK = re.compile(r"(!?\[)([^\]\n]*)(\]\([^)\n]*\))")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", re.M)
_BARE_URL = re.compile(r"<?\b(?:https?|mailto|ftp):[^\s<>()]+>?")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def readable_text(text: str) -> str:
    """Returns ``text`` with what readers do not read as prose blanked out.

    Statistic tokens (already cited and reviewed), link addresses, link
    brackets and bare URLs become spaces, so every offset stays the same.
    """
    text = STAT_TOKEN.sub(_blank, text)
    text = _INLINE_LINK.sub(
        lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3)), text
    )
    text = _LINK_DEFINITION.sub(_blank, text)
    return _BARE_URL.sub(_blank, text)


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def normalise(sentence: str) -> str:
    return _SPACES.sub(" ", sentence).strip()


def fingerprint(field_key: str, sentence: str, phrase: str) -> str:
    payload = "\x1f".join([field_key, normalise(sentence), normalise(phrase)])
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def find_in(field: Field) -> Iterator[Finding]:
    if not field.text:
        return
    scanned = readable_text(field.text)
    detections = detect(scanned)
    if not detections:
        return
    starts = _sentence_starts(field.text)
    for detection in detections:
        index = bisect.bisect_right(starts, detection.start) - 1
        begin = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(field.text)
        sentence = normalise(field.text[begin:end])
        phrase = normalise(detection.text)
        yield Finding(
            field=field,
            start=detection.start,
            end=detection.end,
            phrase=phrase,
            sentence=sentence,
            fingerprint=fingerprint(field.key, sentence, phrase),
            in_markup=scanned[detection.start : detection.end]
            != field.text[detection.start : detection.end],
        )


def explainer_fields(explainer, boxes: Iterable) -> list[Field]:
    fields = [
        Field("title", explainer.title),
        Field("standfirst", explainer.standfirst),
        Field("body", explainer.body),
    ]
    for box in boxes:
        fields.append(Field("box_title", box.title, box.pk))
        fields.append(Field("box_body", box.body, box.pk))
    return fields


def find_all(explainer, boxes: Iterable) -> list[Finding]:
    """Returns every finding in the explainer's readers' text, in reading order."""
    return [f for field in explainer_fields(explainer, boxes) for f in find_in(field)]
