"""Turns raw copy (plain text or Markdown) into a draft explainer.

Heuristics, in order:

- The first non-empty line is the title (unless one is given); a leading
  ``#`` is dropped. When that line holds several sentences, the first is the
  title and the rest the standfirst.
- A heading is a Markdown heading (``#``, ``##`` ...) or, in plain text, a
  short line (at most 80 characters, at most 12 words) that does not end in
  sentence punctuation and is followed by more text.
- A section whose heading speaks of background — history, background,
  context, key questions, timeline, who is who, roots, explained, at a glance —
  becomes a background box of the matching kind. Every other section stays in
  the body under a ``##`` heading.
- Paragraphs are kept as they are; single lines of plain text are paragraphs.
"""

import re
from dataclasses import dataclass, field

MAX_IMPORT_BYTES = 1_000_000

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BOX_KINDS = [
    (re.compile(r"\bkey questions?\b|\bquestions?\b", re.I), "key_questions"),
    (re.compile(r"\btimeline\b|\bchronology\b", re.I), "timeline"),
    (
        re.compile(r"\bwho(?:'s| is) who\b|\bkey (?:players|people|figures)\b", re.I),
        "who_is_who",
    ),
    (re.compile(r"\bhistory\b|\bhistorical\b|\broots\b|\borigins?\b", re.I), "history"),
    (
        re.compile(r"\bbackground\b|\bcontext\b|\bexplained\b|\bat a glance\b", re.I),
        "context",
    ),
]


class ImportRefused(ValueError):
    """The file cannot be imported; the message says why."""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ImportedDraft:
    title: str
    standfirst: str
    body: str
    boxes: list[dict]


_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])\s+(?=[A-Z\"“])(.+)$", re.S)


def decode(raw: bytes) -> str:
    if not raw.strip():
        raise ImportRefused("The file is empty.")
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"The file is larger than {MAX_IMPORT_BYTES // 1000} kB; split it first."
        )
    if b"\x00" in raw:
        raise ImportRefused("The file looks binary (it contains NUL bytes), not text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"The file is not valid UTF-8 text (byte {exc.start}); save it as UTF-8."
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) // 100:
        raise ImportRefused("The file looks binary (control characters), not text.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_plain_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped)
        and len(stripped) <= 80
        and len(stripped.split()) <= 12
        and stripped[-1] not in ".!?:;,\"'”’)"
        and stripped[0].isupper()
    )


def box_kind(heading: str) -> str | None:
    for pattern, kind in _BOX_KINDS:
        if pattern.search(heading):
            return kind
    return None


def parse(text: str, *, title: str | None = None) -> ImportedDraft:
    lines = text.split("\n")
    standfirst = ""
    if title is None:
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            raise ImportRefused("The file has no text.")
        first = lines.pop(0).strip()
        match = _MD_HEADING.match(first)
        title = (match.group(1) if match else first).strip()
        split = _FIRST_SENTENCE.match(title)
        if split:
            title, standfirst = split.group(1).rstrip("."), split.group(2).strip()
            if len(standfirst) > 600:
                # Too long for a dek: keep it, as the first paragraph.
                lines.insert(0, standfirst)
                standfirst = ""
    title = title.strip()
    if not title:
        raise ImportRefused("The explainer needs a title.")
    if len(title) > 200:
        raise ImportRefused(
            "The first sentence is too long for a title (over 200 characters); "
            "pass --title."
        )

    sections = [Section(heading="")]
    blocks = _blocks(lines)
    for position, block in enumerate(blocks):
        markdown = _MD_HEADING.match(block) if "\n" not in block else None
        has_more = position + 1 < len(blocks)
        if markdown or ("\n" not in block and has_more and _is_plain_heading(block)):
            heading = markdown.group(1) if markdown else block.strip()
            sections.append(Section(heading=heading))
        else:
            sections[-1].paragraphs.append(block)

    body_parts: list[str] = []
    boxes: list[dict] = []
    for section in sections:
        if not section.paragraphs and not section.heading:
            continue
        kind = box_kind(section.heading) if section.heading else None
        if kind and section.paragraphs:
            boxes.append(
                {
                    "title": section.heading[:200],
                    "kind": kind,
                    "body": "\n\n".join(section.paragraphs),
                    "position": len(boxes) + 1,
                }
            )
            continue
        if section.heading:
            body_parts.append(f"## {section.heading}")
        body_parts.extend(section.paragraphs)
    return ImportedDraft(
        title=title,
        standfirst=standfirst,
        body="\n\n".join(body_parts),
        boxes=boxes,
    )


def _blocks(lines: list[str]) -> list[str]:
    """Splits lines into paragraphs and heading lines.

    Markdown (headings, or paragraphs separated by blank lines) keeps its
    paragraphs; plain text with one paragraph per line keeps its lines.
    """
    non_empty = [line for line in lines if line.strip()]
    blank = len(lines) - len(non_empty)
    markdown = any(_MD_HEADING.match(line) for line in non_empty) or (
        blank >= len(non_empty) / 3
    )
    if not markdown:
        return [line.strip() for line in non_empty]
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if _MD_HEADING.match(line):
            if current:
                blocks.append("\n".join(current).strip())
                current = []
            blocks.append(line.strip())
        elif line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current).strip())
            current = []
    return blocks
