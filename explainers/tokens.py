"""The statistic token, ``[[stat:KEY]]``, and text that only looks like one.

A token places a cited, reviewed statistic in the text. Anything token-like
that is not exactly a token with a valid key (``[[stat:]]``,
``[[STAT:key]]``, ``[[ stat:key ]]``, ``[[stat:Bad Key]]``, ``[stat:key]``)
would reach readers as raw text: saving refuses it, and the gate reports it
for text stored before this rule.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# Keys: lower-case letters and digits in words joined by "-" or "_".
KEY_PATTERN = r"[a-z0-9]+(?:[-_][a-z0-9]+)*"
STAT_TOKEN = re.compile(rf"\[\[stat:({KEY_PATTERN})\]\]")
# An uploaded image, by its id, on a line of its own: ``[[image:12]]``.
IMAGE_TOKEN = re.compile(r"\[\[image:([1-9][0-9]{0,17})\]\]")

# Double-bracketed text, a single-bracketed "[stat:", or a dangling "stat:x]]".
_TOKEN_LIKE = re.compile(
    r"\[\s*\[[^\[\]\n]{0,200}\](?:\s*\])?|\[\s*stat\s*:[^\[\]\n]{0,200}\]|"
    r"\bstat\s*:[^\[\]\s]{0,200}\]\]",
    re.IGNORECASE,
)


def malformed_tokens(text: str) -> list[re.Match]:
    """Token-like text in ``text`` that is not a valid ``[[stat:key]]``."""
    found = []
    # Read as readers see it: full-width brackets are brackets too.
    for match in _TOKEN_LIKE.finditer(unicodedata.normalize("NFKC", text or "")):
        candidate = match.group(0)
        lowered = candidate.lower()
        if STAT_TOKEN.fullmatch(candidate) or IMAGE_TOKEN.fullmatch(candidate):
            continue
        if "stat" not in lowered and "image" not in lowered:
            continue
        found.append(match)
    return found


def validate_tokens(text: str) -> None:
    """Refuses text holding something token-like that is not a valid token."""
    bad = malformed_tokens(text)
    if bad:
        shown = ", ".join(f"'{m.group(0)}'" for m in bad[:3])
        raise ValidationError(
            f"{shown} {'is' if len(bad) == 1 else 'are'} not a statistic token. "
            "Write exactly [[stat:key]] with the statistic's key (lower-case "
            "letters, digits, '-' or '_'), [[image:ID]] on a line of its own "
            "for an image, or remove the brackets.",
            code="malformed_token",
        )
