"""The gate's promise, tested as a property: no uncited number reaches readers.

Hypothesis writes documents that embed a figure in other digit scripts, with
invisible characters, in number words of any case, after capitalised words,
inside Markdown constructs (headings, lists, quotes, emphasis, code, tables,
link text, link titles, reference definitions, footnote-like lines) and in
every reader-visible field. For each, an otherwise publishable explainer is
published. The invariant: either publishing is refused, or what readers get
(the published HTML with its visible attributes, or the plain field) shows no
digit and no number word outside the cited statistics.
"""

import html
import itertools
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainers.errors import PublicationBlocked
from explainers.services import transitions
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_draft,
    reload,
)
from tests.factories import BackgroundBoxFactory
from tests.versions import seen

pytestmark = pytest.mark.django_db

# Decimal digit zeros of some scripts: ASCII, Arabic-Indic, Persian,
# Devanagari, Bengali, full-width, mathematical bold, mathematical
# double-struck.
ZEROS = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0x1D7CE, 0x1D7D8]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "five": 5, "seven": 7, "twelve": 12,
    "twenty": 20, "forty": 40, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 10**6, "dozen": 12,
}  # fmt: skip
_WORD_RE = re.compile(
    r"\b(?:" + "|".join(NUMBER_WORDS) + r"|hundreds|thousands|millions)\b",
    re.IGNORECASE,
)


@st.composite
def figures(draw) -> str:
    """A number as some writer, or some attacker, would type it."""
    if draw(st.booleans()):
        value = draw(st.integers(min_value=2, max_value=99_999))
        zero = draw(st.sampled_from(ZEROS))
        digits = [chr(zero + int(d)) for d in str(value)]
        if draw(st.booleans()):
            at = draw(st.integers(min_value=1, max_value=max(1, len(digits) - 1)))
            digits.insert(at, draw(st.sampled_from(INVISIBLE)))
        if draw(st.booleans()) and zero == 0x30:
            # An HTML character reference for the first digit.
            digits[0] = f"&#{ord(digits[0])};"
        return "".join(digits)
    words = draw(
        st.sampled_from(
            [
                "three hundred",
                "twelve",
                "forty",
                "two thousand",
                "ninety",
                "hundreds",
                "seven million",
                "a dozen",
            ]
        )
    )
    case = draw(st.sampled_from([str.lower, str.upper, str.title]))
    return case(words)


LEADS = [
    "",
    "In Kharkiv ",
    "Reportedly ",
    "Officials said on Tuesday that ",
    "According to local medics, ",
    "By Friday ",
    "Across the region ",
]
NOUNS = ["civilians", "people", "homes", "drones", "trucks of aid", "fighters"]
TAILS = [" were counted.", " died.", " were reported", ".", " have fled."]


@st.composite
def sentences(draw) -> str:
    lead = draw(st.sampled_from(LEADS))
    noun = draw(st.sampled_from(NOUNS))
    return f"{lead}{draw(figures())} {noun}{draw(st.sampled_from(TAILS))}"


MARKDOWN = [
    "{s}",
    "## {s}",
    "- {s}",
    "> {s}",
    "*{s}*",
    "**{s}**",
    "`{s}`",
    "[{s}](https://example.org/report)",
    '[the report](https://example.org/report "{s}")',
    "[Note]: {s}",
    "[^1]: {s}",
    '[ref]: https://example.org/report "{s}"\n\nSee [the report][ref].',
    "| Figure |\n| --- |\n| {s} |",
    "Context first.\n{s}",
]
# Markdown fields, where the constructs apply, are drawn more often.
FIELDS = ["body", "body", "body", "box_body", "title", "standfirst", "box_title"]


def _normalised(text: str) -> str:
    out = []
    for char in text:
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return unicodedata.normalize("NFKC", "".join(out))


_STAT = re.compile(r'<span class="stat"[^>]*>.*?</span>|<sup class="fn">.*?</sup>')
_ATTRIBUTE = re.compile(r'\b(?:title|alt|aria-label)="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def visible(published_html: str) -> str:
    """An independent reading of what a reader sees in published HTML."""
    without_statistics = _STAT.sub(" ", published_html)
    attributes = " ".join(_ATTRIBUTE.findall(without_statistics))
    text = _TAG.sub(" ", without_statistics) + " " + attributes
    return _normalised(html.unescape(text))


def shows_a_number(text: str) -> bool:
    return bool(re.search(r"\d", text) or _WORD_RE.search(text))


_slugs = itertools.count()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    sentence=sentences(),
    construct=st.sampled_from(MARKDOWN),
    field=st.sampled_from(FIELDS),
)
def test_no_uncited_number_reaches_readers(
    editor, reviewer, sentence, construct, field
):
    text = construct.format(s=sentence) if field.endswith("body") else sentence
    fields: dict[str, Any] = {"slug": f"invariant-{next(_slugs)}"}
    if field in ("title", "standfirst"):
        fields[field] = text[:200]
    if field == "body":
        fields["body"] = f"{text}\n\nThe war has displaced [[stat:figure-1]]."
    explainer = make_draft(editor, **fields)
    if field.startswith("box_"):
        BackgroundBoxFactory.create(
            explainer=explainer,
            title=text[:200] if field == "box_title" else "Context",
            body=text if field == "box_body" else "Background.",
            position=5,
        )
    approve_statistics(explainer, reviewer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )

    try:
        revision = transitions.explainer_publish(
            explainer_id=explainer.pk,
            actor=reviewer,
            expected_version=seen(explainer.pk),
        )
    except PublicationBlocked as refused:
        assert {p.code for p in refused.problems} & {
            "uncited_number",
            "malformed_token",
        }
        assert reload(explainer).live_revision_id is None
        return

    shown = {
        "title": revision.content["explainer"]["title"],
        "standfirst": revision.content["explainer"]["standfirst"],
        "body": visible(revision.html["body"]),
        "box_title": " ".join(b["title"] for b in revision.html["boxes"]),
        "box_body": " ".join(visible(b["html"]) for b in revision.html["boxes"]),
    }[field]
    assert not shows_a_number(_normalised(shown)), (
        f"published with a number readers can see: {shown!r} from {text!r}"
    )
