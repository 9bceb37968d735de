"""The explainer page's shape, from a revision's content and HTML: pure.

Sections of the body and the boxes placed after them, the sources list with
back links to each source's first mark, and the JSON-LD. Markup comes from
templates (``public/_aside.html``); the functions here only arrange the
revision's already-sanitised HTML and escape nothing by hand.
"""

import datetime
import json
import re
from itertools import pairwise
from urllib.parse import quote, urlencode, urljoin

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from explainers.models import BackgroundBox
from explainers.notices import figure_notices
from explainers.rendering import figure_html
from sources.models import Source

SITE_NAME = "Newsroom Explainers"


def page_context(
    *,
    content: dict,
    html: dict,
    updates: list[dict],
    published_at,
    updated_at,
    was_updated: bool,
    canonical: str,
    preview: bool,
    related: list[dict] | None = None,
    notices: dict | None = None,
) -> dict:
    """The template context of an explainer page.

    ``related`` are other live explainers about the same conflict, as
    ``selectors.related_explainers`` reads them. ``notices`` are the live
    listing's notices about sources retracted since publication
    (``explainers.notices``), shown beside the figures citing them and in
    the sources list.
    """
    published = content["explainer"]
    positions = {box["id"]: box.get("position") for box in content["boxes"]}
    boxes = [box | {"position": positions.get(box["id"])} for box in html["boxes"]]
    notices = notices or {}
    numbers = {source["id"]: source["number"] for source in content["sources"]}
    by_key = figure_notices(content["statistics"], notices)
    body = place_notices(place_boxes(html["body"], boxes), by_key, numbers)
    first_marks = first_mark_ids(body)
    sources = [
        source_entry(
            source,
            content["statistics"],
            first_marks,
            notice=notices.get(str(source["id"])),
        )
        for source in content["sources"]
    ]
    lead = published.get("lead_image")
    corrections = [u for u in updates if u["notes"]]
    return {
        "site_name": SITE_NAME,
        "explainer": published,
        # Sanitised revision HTML, and asides rendered by their template.
        "body": mark_safe(body),
        "lead_figure": mark_safe(figure_html(lead, lead=True)) if lead else "",
        "og_image": absolute_image(lead, canonical),
        "key_figures": [
            {**figure, "retracted": figure["key"] in by_key}
            for figure in key_figures(content)
        ],
        "sources": sources,
        "updates": updates,
        "corrections": corrections,
        # A first publication with no correction needs no log of its own:
        # the header already says when it was published.
        "show_updates": bool(corrections) or len(updates) > 1,
        "checked": None if preview else how_checked(content, published_at),
        "share": share_links(canonical, published["title"]),
        "related": related or [],
        "reviewed_by": content.get("reviewed_by"),
        "published_at": published_at,
        "updated_at": updated_at,
        "was_updated": was_updated,
        "canonical_url": canonical,
        "preview": preview,
        "json_ld": json_ld(
            content,
            canonical=canonical,
            published_at=published_at,
            modified_at=updated_at,
        ),
    }


def absolute_image(image: dict | None, canonical: str) -> dict | None:
    """The lead image with an absolute address, for OpenGraph and JSON-LD."""
    if not image:
        return None
    return {**image, "url": urljoin(canonical, image["src"])}


def key_figures(content: dict) -> list[dict]:
    """The statistics chosen for the Key figures panel, in their order, each
    with its as-of date and the numbers of its sources."""
    numbers = {s["id"]: s.get("number") for s in content.get("sources", [])}
    chosen = [
        s for s in content.get("statistics", []) if s.get("key_figure") is not None
    ]
    chosen.sort(key=lambda s: (s["key_figure"], s["key"]))
    return [
        {
            "key": s["key"],
            "display_text": s["display_text"],
            "claim": s.get("claim", ""),
            "as_of": _date(s.get("as_of")),
            "sources": sorted(
                {numbers[c["source_id"]] for c in s["citations"]} - {None}
            ),
        }
        for s in chosen
    ]


def how_checked(content: dict, published_at) -> dict:
    """What is true of this revision's checking, from the revision itself:
    who approved it, how many figures it holds and who approved those, and
    how many sources they cite."""
    statistics = content.get("statistics", [])
    reviewers = sorted({s["reviewed_by"] for s in statistics if s.get("reviewed_by")})
    return {
        "approved_by": content.get("reviewed_by"),
        "figures": len(statistics),
        "figure_reviewers": reviewers,
        "sources": len(content.get("sources", [])),
        "published_at": published_at,
    }


# Sharing is a link: no script, no tracking pixel, nothing loaded until a
# reader follows one.
SHARE_TARGETS = (
    ("Email", "mailto:?{}", {"subject": "title", "body": "url"}),
    ("Bluesky", "https://bsky.app/intent/compose?{}", {"text": "both"}),
    ("X", "https://x.com/intent/post?{}", {"text": "title", "url": "url"}),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?{}", {"u": "url"}),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?{}", {"url": "url"}),
    ("WhatsApp", "https://wa.me/?{}", {"text": "both"}),
)


def share_links(url: str, title: str) -> list[dict]:
    values = {"url": url, "title": title, "both": f"{title} {url}"}
    return [
        {
            "name": name,
            "href": pattern.format(
                urlencode(
                    {key: values[value] for key, value in params.items()},
                    quote_via=quote,
                )
            ),
        }
        for name, pattern, params in SHARE_TARGETS
    ]


# Only top-level <h2> start a section; one inside a quote or list does not.
_H2 = re.compile(r"<h2>")
_NESTING = ("blockquote", "ul", "ol", "table", "pre")


def _top_level(prefix: str) -> bool:
    return all(prefix.count(f"<{tag}") == prefix.count(f"</{tag}>") for tag in _NESTING)


def body_sections(body_html: str) -> list[str]:
    """Splits sanitised body HTML into sections, each starting at a level-2 heading.

    Text before the first heading is a section of its own.
    """
    cuts = [0]
    for match in _H2.finditer(body_html):
        if match.start() > 0 and _top_level(body_html[: match.start()]):
            cuts.append(match.start())
    cuts.append(len(body_html))
    return [body_html[a:b] for a, b in pairwise(cuts) if body_html[a:b].strip()]


def place_boxes(body_html: str, boxes: list[dict]) -> str:
    """Returns the body with each box as an aside after the section it is placed.

    A box at position N follows the Nth section of the body (section 1 is the
    text before the first level-2 heading); position 0 comes before the body,
    and a position past the last section puts the box at the end. Box text is
    sanitised HTML from the revision; its title and kind are escaped here.
    """
    sections = body_sections(body_html)
    after: dict[int, list[str]] = {}
    for position, box in sorted(
        ((box_position(b, len(sections)), b) for b in boxes), key=lambda p: p[0]
    ):
        after.setdefault(position, []).append(aside_html(box))
    parts = [*after.get(0, [])]
    for number, section in enumerate(sections, start=1):
        parts.append(section)
        parts.extend(after.get(number, []))
    if not sections:
        for position in sorted(after):
            if position:
                parts.extend(after[position])
    return "\n".join(parts)


def box_position(box: dict, sections: int) -> int:
    position = box.get("position")
    if not isinstance(position, int) or position < 0:
        position = sections
    return min(position, sections)


def aside_html(box: dict) -> str:
    """One box as an aside (its body is the revision's sanitised HTML)."""
    kind = box.get("kind", "")
    return render_to_string(
        "public/_aside.html",
        {
            "kind": kind,
            "label": BackgroundBox.Kind(kind).label
            if kind in BackgroundBox.Kind
            else "",
            "heading_id": f"box-{int(box['id'])}",
            "title": box["title"],
            "body": mark_safe(box["html"]),
        },
    ).strip()


_MARK = re.compile(r'<a href="#source-(\d+)" id="(ref-[A-Za-z0-9_-]+)"')


def first_mark_ids(page_html: str) -> dict[int, str]:
    """Returns, for each source number, the id of its first mark in reading order."""
    first: dict[int, str] = {}
    for match in _MARK.finditer(page_html):
        first.setdefault(int(match.group(1)), match.group(2))
    return first


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def web_url(value: str | None) -> str:
    """Returns ``value`` if it is an http(s) address, else an empty string.

    Source URLs are validated when written; this keeps a page safe even if
    a stored snapshot ever held something else.
    """
    value = (value or "").strip()
    return value if re.match(r"https?://", value, flags=re.IGNORECASE) else ""


# A placed figure as ``rendering.statistic_html`` writes it, with its marks.
_FIGURE = re.compile(
    r'<span class="stat" data-stat="(?P<key>[A-Za-z0-9_-]+)">[^<]*</span>'
    r'(?:<sup class="fn">.*?</sup>)*'
)


def place_notices(
    page_html: str, by_key: dict[str, list[dict]], numbers: dict[int, int]
) -> str:
    """Returns the page with a short notice after each figure whose source
    was retracted since publication (``by_key`` from ``figure_notices``)."""
    if not by_key:
        return page_html

    def after_figure(match: re.Match) -> str:
        found = by_key.get(match["key"])
        if not found:
            return match.group(0)
        notice = render_to_string(
            "public/_notice.html",
            {"notices": [{**n, "number": numbers.get(n["source_id"])} for n in found]},
        )
        return match.group(0) + notice.strip()

    return _FIGURE.sub(after_figure, page_html)


def source_entry(
    source: dict, statistics: list[dict], first_marks: dict, notice: dict | None = None
) -> dict:
    number = source["number"]
    supports = [
        {
            "display_text": s["display_text"],
            "as_of": _date(s.get("as_of")),
            "locator": c.get("locator", ""),
            "quote": c.get("quote", ""),
        }
        for s in statistics
        for c in s["citations"]
        if c["source_id"] == source["id"]
    ]
    kind = source.get("kind", "")
    return {
        "number": number,
        "anchor": f"source-{number}",
        "back": first_marks.get(number),
        "title": source.get("title", ""),
        "publisher": source.get("publisher", ""),
        "authors": source.get("authors") or [],
        "kind": Source.Kind(kind).label if kind in Source.Kind else "",
        "published_date": _date(source.get("published_date")),
        "accessed_date": _date(source.get("accessed_date")),
        "url": web_url(source.get("url")),
        "archive_url": web_url(source.get("archive_url")),
        "archive_date": _date(source.get("archive_date")),
        "link_status": source.get("link_status", "live"),
        "doi": source.get("doi", ""),
        "supports": supports,
        "notice": notice and {**notice, "date": _date(notice.get("date"))},
    }


# JSON inside <script> must not close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(content: dict, *, canonical, published_at, modified_at) -> str:
    """Returns schema.org NewsArticle JSON-LD, safe to place inside <script>."""
    explainer = content["explainer"]
    citations = []
    for source in content["sources"]:
        work = {"@type": "CreativeWork", "name": source.get("title", "")}
        if source.get("publisher"):
            work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
        if web_url(source.get("url")):
            work["url"] = source["url"]
        if source.get("published_date"):
            work["datePublished"] = source["published_date"]
        citations.append(work)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": explainer["title"],
        "description": explainer.get("standfirst", ""),
        "url": canonical,
        "mainEntityOfPage": canonical,
        "datePublished": published_at.isoformat(),
        "dateModified": modified_at.isoformat(),
        "author": [{"@type": "Person", "name": n} for n in explainer["authors"] if n],
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "isAccessibleForFree": True,
        "citation": citations,
    }
    lead = absolute_image(explainer.get("lead_image"), canonical)
    if lead:
        data["image"] = {
            "@type": "ImageObject",
            "url": lead["url"],
            "width": lead["width"],
            "height": lead["height"],
            "caption": lead.get("caption", ""),
            "creditText": lead.get("credit", ""),
        }
    if explainer.get("conflict"):
        data["about"] = {"@type": "Thing", "name": explainer["conflict"]["name"]}
    encoded = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(encoded)  # <, > and & are escaped above
