"""A page's fingerprint: the hash of its text, normalised.

Markup, scripts, styles, case and spacing are left out, so a page whose
template or whitespace moved keeps its fingerprint while a change to what it
says gives another. Pages that print the time or rotate teasers in their
text change on every visit; their "changed" status tells editors to look.
"""

import hashlib
import re
import unicodedata
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg"})
_SPACE = re.compile(r"\s+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(body: str, content_type: str) -> str:
    """Returns the readable text of a page, normalised for comparison."""
    if "html" in content_type:
        parser = _TextParser()
        parser.feed(body)
        parser.close()
        body = " ".join(parser.parts)
    text = unicodedata.normalize("NFKC", body).casefold()
    return _SPACE.sub(" ", text).strip()


def fingerprint(content: bytes, content_type: str, encoding: str | None) -> str:
    """Returns a hex SHA-256 of the content's text (or bytes, for non-text)."""
    if (
        content_type.startswith("text/")
        or "html" in content_type
        or ("xml" in content_type or "json" in content_type)
    ):
        text = page_text(content.decode(encoding or "utf-8", "replace"), content_type)
        content = text.encode()
    return hashlib.sha256(content).hexdigest()
