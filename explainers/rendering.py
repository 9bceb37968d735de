"""Markdown to safe HTML, with ``[[stat:KEY]]`` tokens as footnoted figures.

Markdown is rendered with raw HTML disabled, then sanitised with nh3 (a
well-kept allow-list sanitiser), and only then are statistic tokens replaced by
markup built here from escaped text. Nothing a writer types reaches the page as
markup of their choosing.
"""

import re
from collections.abc import Callable, Iterable

import nh3
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from explainers.tokens import IMAGE_TOKEN, STAT_TOKEN

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


# Private-use characters that mark a detected number in a draft preview; they
# survive Markdown and sanitising and become <mark> afterwards.
FINDING_START, FINDING_END = "\ue000", "\ue001"


def _drop_tokens_in_attributes(tag: str, attribute: str, value: str) -> str:
    # Statistic markup belongs in text, never inside an attribute such as a
    # link title, where its quotes would break the element.
    value = value.replace(FINDING_START, "").replace(FINDING_END, "")
    return STAT_TOKEN.sub("", value)


def mark_findings(html: str) -> str:
    """Turns finding markers into <mark> elements (draft previews only)."""
    return html.replace(FINDING_START, '<mark class="finding">').replace(
        FINDING_END, "</mark>"
    )


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_drop_tokens_in_attributes,
    )


class SourceNumbering:
    """Numbers sources in the order readers first meet them."""

    def __init__(self):
        self.numbers: dict[int, int] = {}

    def number(self, source_id: int) -> int:
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)


def statistic_html(statistic: dict, numbering: SourceNumbering, occurrence: int) -> str:
    """Returns the inline markup of one placed statistic.

    ``statistic`` is a snapshot dict with ``key``, ``display_text`` and
    ``citations`` (each with ``source_id``). Each footnote mark links to its
    entry in the sources list, which links back to the first mark.
    """
    key = statistic["key"]
    marks = []
    for citation in statistic["citations"]:
        number = numbering.number(citation["source_id"])
        ref_id = f"ref-{key}-{number}" if occurrence == 1 else ""
        marks.append(
            format_html(
                '<sup class="fn"><a href="#source-{}"{} aria-label="Source {}">'
                "{}</a></sup>",
                number,
                format_html(' id="{}"', ref_id) if ref_id else "",
                number,
                number,
            )
        )
    return format_html(
        '<span class="stat" data-stat="{}">{}</span>{}',
        key,
        statistic["display_text"],
        mark_safe("".join(marks)),  # each mark is built by format_html
    )


# An image token alone in its paragraph, as Markdown renders a line of its own.
_IMAGE_PARAGRAPH = re.compile(rf"<p>\s*{IMAGE_TOKEN.pattern}\s*</p>")


def figure_html(image: dict, *, lead: bool = False) -> str:
    """Returns a <figure> for an image record (``images.records``).

    Every width is offered (WebP first) with the display size, so a phone
    fetches the smallest; width and height reserve the space before it
    arrives. Images in the text load lazily; the lead image, at the top,
    does not.
    """
    return render_to_string(
        "public/_figure.html", {"image": image, "lead": lead}
    ).strip()


def render_markdown(
    text: str,
    place_statistic: Callable[[str], str | None] | None = None,
    place_image: Callable[[int], str | None] | None = None,
) -> str:
    """Renders Markdown to sanitised HTML, placing statistics by their token.

    ``place_statistic(key)`` returns the markup for a key, or None for an
    unknown key, which is then shown as the escaped token so that nothing is
    silently dropped (the gate refuses to publish it anyway). Likewise
    ``place_image(id)`` for an image token on a line of its own.
    """
    html = sanitise(_markdown.render(text))
    if place_statistic is not None:

        def replace(match: re.Match) -> str:
            placed = place_statistic(match.group(1))
            return placed if placed is not None else escape(match.group(0))

        html = STAT_TOKEN.sub(replace, html)
    if place_image is not None:
        # Last, so that no token is ever read inside an image's own text.

        def replace_image(match: re.Match) -> str:
            placed = place_image(int(match.group(1)))
            return placed if placed is not None else match.group(0)

        html = _IMAGE_PARAGRAPH.sub(replace_image, html)
    return html


def render_texts(
    texts: Iterable[str],
    statistics: dict[str, dict],
    images: dict[int, dict] | None = None,
) -> tuple[list[str], SourceNumbering]:
    """Renders several texts in reading order with one source numbering.

    ``images`` maps an image id to its record, for ``[[image:ID]]``.
    """
    numbering = SourceNumbering()
    seen: dict[str, int] = {}

    def place(key: str) -> str | None:
        statistic = statistics.get(key)
        if statistic is None:
            return None
        seen[key] = seen.get(key, 0) + 1
        return statistic_html(statistic, numbering, seen[key])

    def place_image(image_id: int) -> str | None:
        image = (images or {}).get(image_id)
        return figure_html(image) if image is not None else None

    return [render_markdown(text, place, place_image) for text in texts], numbering
