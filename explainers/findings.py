"""Findings: number-bearing phrases in readers' text that no statistic covers.

The detector reads each reader-visible field as readers read it
(``reader_text``): the title, standfirst, conflict name and correction note as
plain text; the body and boxes rendered and sanitised as published, with
visible attributes, entities decoded and text normalised. Placed statistics
(``[[stat:KEY]]``) are already cited and reviewed and are not read. Each
finding has a fingerprint made of its field, its normalised sentence and the
phrase: a waiver covers exactly that, so editing the sentence brings the
finding back.
"""

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from explainers.detection import detect
from explainers.reader_text import ReaderText, markdown_reader_text, plain_reader_text

# Sentence ends: terminal punctuation (optionally closed by a quote or bracket)
# followed by space, or a blank line between two blocks.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n")
_SPACES = re.compile(r"\s+")

MARKDOWN_FIELDS = frozenset({"body", "box_body"})


@dataclass(frozen=True, slots=True)
class Field:
    """A piece of text readers see, with where it lives."""

    # "title", "standfirst", "conflict", "correction_note", "body",
    # "box_title", "box_body", "image_alt", "image_caption", "image_credit"
    name: str
    text: str
    box_id: int | None = None
    image_id: int | None = None

    @property
    def key(self) -> str:
        if self.image_id:
            return f"image:{self.image_id}:{self.name}"
        return f"box:{self.box_id}:{self.name}" if self.box_id else self.name

    @property
    def location(self) -> dict:
        location: dict = {"field": self.name}
        if self.box_id:
            location["box"] = self.box_id
        if self.image_id:
            location["image"] = self.image_id
        return location

    def reader_text(self) -> ReaderText:
        if self.name in MARKDOWN_FIELDS:
            return markdown_reader_text(self.text)
        return plain_reader_text(self.text)


@dataclass(frozen=True, slots=True)
class Finding:
    field: Field
    start: int
    end: int
    phrase: str
    sentence: str
    fingerprint: str
    # True when the source range reads exactly as the phrase, so that it can be
    # replaced by a token; False for a figure written through an entity, an
    # escape or markup inside it.
    verbatim: bool = True

    @property
    def location(self) -> dict:
        return {
            **self.field.location,
            "offset": self.start,
            "phrase": self.phrase,
            "sentence": self.sentence,
            "fingerprint": self.fingerprint,
        }


def _sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def normalise(sentence: str) -> str:
    return _SPACES.sub(" ", sentence).strip()


def fingerprint(field_key: str, sentence: str, phrase: str) -> str:
    payload = "\x1f".join([field_key, normalise(sentence), normalise(phrase)])
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A detection in reader text, with the source range it was read from."""

    start: int  # in the source
    end: int
    reader_start: int  # in the reader text
    reader_end: int


def detect_as_read(reader: ReaderText) -> list[SourceSpan]:
    """Runs the detector over reader text; spans carry their source range."""
    spans = []
    for detection in detect(reader.text):
        start, end = reader.source_span(detection.start, detection.end)
        spans.append(SourceSpan(start, end, detection.start, detection.end))
    return spans


def detect_in_plain_text(text: str) -> list[SourceSpan]:
    """What the gate finds in ``text`` shown as plain text, in its offsets."""
    return detect_as_read(plain_reader_text(text))


def find_in(field: Field) -> Iterator[Finding]:
    if not field.text:
        return
    reader = field.reader_text()
    spans = detect_as_read(reader)
    if not spans:
        return
    starts = _sentence_starts(reader.text)
    for span in spans:
        index = bisect.bisect_right(starts, span.reader_start) - 1
        begin = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(reader.text)
        sentence = normalise(reader.text[begin:end])
        phrase = normalise(reader.text[span.reader_start : span.reader_end])
        yield Finding(
            field=field,
            start=span.start,
            end=span.end,
            phrase=phrase,
            sentence=sentence,
            fingerprint=fingerprint(field.key, sentence, phrase),
            verbatim=reader.is_verbatim(span.reader_start, span.reader_end),
        )


def explainer_fields(explainer, boxes: Iterable, images: Iterable = ()) -> list[Field]:
    """Every field of the explainer that readers see, in reading order.

    ``images`` are the images it shows (``explainers.pictures``): their alt
    text, caption and credit are read like any text on the page.
    """
    conflict = explainer.conflict.name if explainer.conflict_id else ""
    fields = [
        Field("conflict", conflict),
        Field("title", explainer.title),
        Field("standfirst", explainer.standfirst),
        Field("body", explainer.body),
    ]
    for box in boxes:
        fields.append(Field("box_title", box.title, box.pk))
        fields.append(Field("box_body", box.body, box.pk))
    for image in images:
        fields.append(Field("image_alt", image.alt_text, image_id=image.pk))
        fields.append(Field("image_caption", image.caption, image_id=image.pk))
        fields.append(Field("image_credit", image.credit, image_id=image.pk))
    fields.append(Field("correction_note", explainer.correction_note))
    return fields


def find_all(explainer, boxes: Iterable, images: Iterable = ()) -> list[Finding]:
    """Returns every finding in the explainer's readers' text, in reading order."""
    return [
        f
        for field in explainer_fields(explainer, boxes, images)
        for f in find_in(field)
    ]
