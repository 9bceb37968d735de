"""What readers read: each reader-visible field as the text a reader sees.

The gate looks for numbers here, never in the editor's source. A Markdown
field is rendered and sanitised by the same code that publishing uses; its
visible text and visible attributes (``title``, ``alt``, ``aria-label``) are
read from that HTML with entities decoded. Every field's text is then
normalised: NFKC, every Unicode decimal digit read as its ASCII value,
format characters (zero-width spaces, bidi marks, soft hyphens) removed.

Each character of the result remembers the offset of the source character it
came from, so a finding can still be highlighted in, and replaced in, what
the editor typed. Text that reaches readers by a route the mapping cannot
follow exactly (an entity, an escape) still yields findings; they are only
marked as not verbatim.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from explainers.rendering import STAT_TOKEN, render_markdown
from explainers.tokens import IMAGE_TOKEN

# A placed statistic is cited and reviewed: readers see its display text, the
# gate sees one opaque character in its place. So is a placed image, whose
# alt text, caption and credit the gate reads as fields of their own.
PLACED = "\ufffc"
_PLACED_TOKEN = re.compile(f"{STAT_TOKEN.pattern}|{IMAGE_TOKEN.pattern}")

# Separators readers do not read as part of a sentence.
_ARABIC_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\u060c": ","}
_BLOCK_TAGS = frozenset(
    {
        "blockquote", "br", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol",
        "p", "pre", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Attributes whose value a reader sees (as a tooltip, or in place of an image).
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label")
_BLOCK_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class ReaderText:
    """Normalised reader text with, per character, its offset in ``source``."""

    text: str
    origins: tuple[int, ...]
    source: str

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range that ``text[start:end]`` was read from."""
        if not self.origins:
            return 0, 0
        first = self.origins[start]
        last = self.origins[max(start, end - 1)]
        return min(first, last), min(len(self.source), max(first, last) + 1)

    def is_verbatim(self, start: int, end: int) -> bool:
        """True when the source range reads exactly as ``text[start:end]``.

        Only then can the phrase be replaced in the source by a token.
        """
        source_start, source_end = self.source_span(start, end)
        return (
            normalise(self.source[source_start:source_end])[0] == self.text[start:end]
        )


def _normalised_char(char: str) -> str:
    if char in _ARABIC_SEPARATORS:
        return _ARABIC_SEPARATORS[char]
    if unicodedata.category(char) == "Cf":
        return ""  # zero-width space, joiners, bidi marks, soft hyphen
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    return unicodedata.normalize("NFKC", char)


def normalise(text: str, origins: list[int] | None = None) -> tuple[str, list[int]]:
    """Returns ``text`` normalised, with each output character's origin.

    ``origins`` gives the origin of each input character (default: its index).
    ASCII text, by far the most common, is returned as it is.
    """
    if origins is None:
        origins = list(range(len(text)))
    if text.isascii():
        return text, origins
    out: list[str] = []
    out_origins: list[int] = []
    for char, origin in zip(text, origins, strict=True):
        if char.isascii():
            out.append(char)
            out_origins.append(origin)
            continue
        replacement = _normalised_char(char)
        out.append(replacement)
        out_origins.extend([origin] * len(replacement))
    return "".join(out), out_origins


class _VisibleText(HTMLParser):
    """Collects (kind, text) pieces: "text", "attribute" or a block break."""

    def __init__(self, *, footnotes: bool = True):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        # Footnote marks (``<sup class="fn">``, built by the renderer; the
        # sanitiser lets no class through from writers) may be left out.
        self.footnotes = footnotes
        self.skipping = 0

    def _break(self) -> None:
        if self.pieces and self.pieces[-1][0] != "break":
            self.pieces.append(("break", _BLOCK_BREAK))

    def handle_starttag(self, tag, attrs):
        if self.skipping or (not self.footnotes and ("class", "fn") in attrs):
            self.skipping += tag != "br"
            return
        if tag in _BLOCK_TAGS:
            self._break()
        values = dict(attrs)
        for name in VISIBLE_ATTRIBUTES:
            if values.get(name):
                self._break()
                self.pieces.append(("attribute", values[name]))
                self._break()
        if tag == "ol" and values.get("start") not in (None, "", "1"):
            # The list's first marker shows this number to readers.
            self.pieces.append(("attribute", f"{values['start']}."))
            self._break()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= 1
            return
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        if self.skipping:
            return
        if data.isspace() and (not self.pieces or self.pieces[-1][0] == "break"):
            return  # the line break between two rendered blocks
        if data:
            self.pieces.append(("text", data))


def visible_pieces(html: str, *, footnotes: bool = True) -> list[tuple[str, str]]:
    """The text and visible attribute values of ``html``, in reading order."""
    parser = _VisibleText(footnotes=footnotes)
    parser.feed(html)
    parser.close()
    return parser.pieces


def _align(piece: str, source: str, cursor: int) -> list[int]:
    """Origins for a piece that is not a verbatim copy of the source.

    An entity, a backslash escape or an indented continuation line changes
    the characters; the closest matching blocks near ``cursor`` give each
    character an origin, and characters without a match take their
    neighbour's.
    """
    window_start = cursor
    window = source[window_start : window_start + 4 * len(piece) + 200]
    matcher = difflib.SequenceMatcher(None, piece, window, autojunk=False)
    origins: list[int | None] = [None] * len(piece)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            origins[a + k] = window_start + b + k
    last = cursor
    filled: list[int] = []
    for origin in origins:
        last = origin if origin is not None else last
        filled.append(last)
    return filled


def _locate(piece: str, source: str, cursor: int) -> tuple[list[int], int]:
    """Origins of ``piece`` in ``source`` from ``cursor``, and the new cursor."""
    found = source.find(piece, cursor)
    if found < 0:
        found = source.find(piece)
    if found >= 0:
        return list(range(found, found + len(piece))), found + len(piece)
    origins = _align(piece, source, cursor)
    return origins, max(cursor, origins[-1] + 1 if origins else cursor)


def _without_tokens(piece: str, origins: list[int]) -> tuple[str, list[int]]:
    """Replaces each placed statistic by one opaque character."""
    if "[[" not in piece:
        return piece, origins
    out: list[str] = []
    out_origins: list[int] = []
    last = 0
    for match in _PLACED_TOKEN.finditer(piece):
        out.append(piece[last : match.start()])
        out_origins.extend(origins[last : match.start()])
        out.append(PLACED)
        out_origins.append(origins[match.start()])
        last = match.end()
    out.append(piece[last:])
    out_origins.extend(origins[last:])
    return "".join(out), out_origins


def _assemble(pieces: list[tuple[str, str]], source: str) -> ReaderText:
    text: list[str] = []
    origins: list[int] = []
    cursor = 0
    for kind, piece in pieces:
        if kind == "break":
            if text and text[-1] != _BLOCK_BREAK:
                text.append(_BLOCK_BREAK)
                origins.extend([max(0, cursor - 1)] * len(_BLOCK_BREAK))
            continue
        piece_origins, after = _locate(piece, source, cursor)
        if kind == "text":
            cursor = after  # an attribute may be defined anywhere in the source
        piece, piece_origins = _without_tokens(piece, piece_origins)
        piece, piece_origins = normalise(piece, piece_origins)
        text.append(piece)
        origins.extend(piece_origins)
    joined = "".join(text)
    start, end = 0, len(joined)
    while start < end and joined[start] == "\n":
        start += 1
    while end > start and joined[end - 1] == "\n":
        end -= 1
    return ReaderText(joined[start:end], tuple(origins[start:end]), source)


def markdown_reader_text(source: str) -> ReaderText:
    """What readers read of a Markdown field: rendered, sanitised, normalised."""
    if not source:
        return ReaderText("", (), source)
    return _assemble(visible_pieces(render_markdown(source)), source)


def plain_reader_text(source: str) -> ReaderText:
    """What readers read of a plain-text field (shown escaped, as typed)."""
    text, origins = normalise(source)
    return ReaderText(text, tuple(origins), source)


def html_plain_text(html: str) -> str:
    """The text of published HTML as plain text: figures as printed, no
    footnote marks, paragraphs separated by blank lines."""
    return "".join(
        piece
        for kind, piece in visible_pieces(html, footnotes=False)
        if kind != "attribute"
    ).strip()
