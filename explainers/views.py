"""Public site views: the front page, explainer pages, search, error pages.

An explainer page is made from its live published revision, which never
changes once written. Its rendered bytes are therefore kept in memory keyed
by the revision, and a request costs one indexed query (is this slug live,
and which revision?) plus a dictionary lookup. The same row gives the ETag
and Last-Modified, so a conditional request is answered 304 without more.
"""

import datetime
import hashlib
import json
import math
import re
import threading
from collections import OrderedDict
from functools import cache
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.html import escape
from django.utils.http import http_date, urlencode
from django.utils.safestring import mark_safe
from django.views import defaults
from django.views.decorators.http import require_safe

from explainers import search as explainer_search
from explainers import selectors
from explainers.models import BackgroundBox
from newsroom.api.throttles import SearchThrottle
from sources.models import Source

SITE_NAME = "Newsroom Explainers"

# Browsers revalidate after a few minutes; shared caches keep a page a little
# longer. Unpublishing is therefore seen within minutes, never hours.
PAGE_CACHE_CONTROL = {"public": True, "max_age": 120, "s_maxage": 300}
LIST_CACHE_CONTROL = {"public": True, "max_age": 60, "s_maxage": 60}

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
CSS_DIR = Path(__file__).resolve().parent / "static" / "explainers"


class PageCache:
    """A bounded, thread-safe map from a page's identity to its bytes."""

    def __init__(self, maxsize: int = 512):
        self.maxsize = maxsize
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key, page: bytes) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.maxsize:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


page_cache = PageCache()


@cache
def design_version() -> str:
    """Returns a digest of the public templates and CSS.

    It is part of every ETag and cache key, so a deploy that changes how
    pages look is not hidden behind 304s or old cached bytes.
    """
    digest = hashlib.sha256()
    files = sorted([*TEMPLATE_DIR.glob("public/**/*.html"), *CSS_DIR.glob("**/*.css")])
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- Explainer page ----------------------------------------------------------


@require_safe
def explainer_detail(request, slug):
    row = selectors.explainer_page_row(slug)
    if row is None or not (row.live or row.withdrawn):
        raise Http404("No published explainer at this address.")
    if not row.live:
        return gone(request)

    etag = f'"r{row.revision_id}-{design_version()}"'
    last_modified = row.revision_published_at.timestamp()
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified)
    )
    if response is None:
        # Revision ids never repeat in production; the publication time also
        # guards against a database that was reset under a running process.
        key = (
            row.revision_id,
            row.revision_published_at,
            request.scheme,
            request.get_host(),
        )
        page = page_cache.get(key)
        if page is None:
            page = render_explainer_page(request, row).encode()
            page_cache.put(key, page)
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, **PAGE_CACHE_CONTROL)
    return response


def render_explainer_page(request, row: selectors.PageRow) -> str:
    """Renders the page of a live revision; the result depends on nothing else."""
    parts = selectors.explainer_page_parts(row)
    published_at = selectors.first_published(
        {
            "first_published_at": row.first_published_at,
            "published_at": parts.updates[0]["published_at"],
        }
    )
    return render_page(
        request,
        content=parts.content,
        html=parts.html,
        updates=parts.updates,
        published_at=published_at,
        updated_at=row.revision_published_at,
        was_updated=row.revision_number > 1,
    )


def render_page(
    request,
    *,
    content: dict,
    html: dict,
    updates: list[dict],
    published_at,
    updated_at,
    was_updated: bool,
    preview: bool = False,
) -> str:
    """Renders an explainer page from a content tree and its rendered HTML.

    Serves published revisions and, with ``preview``, the staff preview of a
    draft, so that editors see exactly what readers will see.
    """
    published = content["explainer"]
    canonical = request.build_absolute_uri(
        reverse("explainers:detail", args=[published["slug"]])
    )
    positions = {box["id"]: box.get("position") for box in content["boxes"]}
    boxes = [box | {"position": positions.get(box["id"])} for box in html["boxes"]]
    body = place_boxes(html["body"], boxes)
    first_marks = first_mark_ids(body)
    sources = [
        source_entry(source, content["statistics"], first_marks)
        for source in content["sources"]
    ]
    context = {
        "site_name": SITE_NAME,
        "explainer": published,
        # Sanitised revision HTML; box titles and kinds escaped in aside_html().
        "body": mark_safe(body),
        "sources": sources,
        "updates": updates,
        "corrections": [u for u in updates if u["notes"]],
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
    return render_to_string("public/explainer.html", context)


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
    kind = box.get("kind", "")
    label = BackgroundBox.Kind(kind).label if kind in BackgroundBox.Kind else ""
    heading_id = f"box-{int(box['id'])}"
    return (
        f'<aside class="box box-{escape(kind)}" aria-labelledby="{heading_id}">'
        f'<p class="box-kind">{escape(label)}</p>'
        f'<h2 id="{heading_id}">{escape(box["title"])}</h2>'
        f'<div class="box-body">{box["html"]}</div>'
        "</aside>"
    )


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


def source_entry(source: dict, statistics: list[dict], first_marks: dict) -> dict:
    number = source["number"]
    supports = [
        {
            "display_text": s["display_text"],
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
    if explainer.get("conflict"):
        data["about"] = {"@type": "Thing", "name": explainer["conflict"]["name"]}
    encoded = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(encoded)  # <, > and & are escaped above


# --- Lists -------------------------------------------------------------------


@require_safe
def home(request):
    conflict_slug = request.GET.get("conflict", "").strip()
    conflicts = selectors.live_conflicts()
    current = None
    if conflict_slug:
        current = next((c for c in conflicts if c["slug"] == conflict_slug), None)
        if current is None:
            raise Http404("No published explainers about this conflict.")
    try:
        page = selectors.live_explainer_page(
            conflict_slug=conflict_slug, cursor=request.GET.get("after")
        )
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    next_url = None
    if page.next_cursor:
        query = {"after": page.next_cursor}
        if conflict_slug:
            query = {"conflict": conflict_slug, **query}
        next_url = f"{reverse('explainers:home')}?{urlencode(query)}"
    response = render(
        request,
        "public/home.html",
        {
            "site_name": SITE_NAME,
            "explainers": page.items,
            "next_url": next_url,
            "is_later_page": bool(request.GET.get("after")),
            "conflicts": conflicts,
            "current_conflict": current,
            "canonical_url": request.build_absolute_uri(request.get_full_path()),
        },
    )
    patch_cache_control(response, **LIST_CACHE_CONTROL)
    return response


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[: explainer_search.MAX_QUERY_CHARS]
    results, status, retry_after, too_slow = [], 200, None, False
    if query:
        throttle = SearchThrottle()
        if not throttle.allow_request(request, None):
            status, retry_after = 429, max(1, math.ceil(throttle.wait() or 1))
        else:
            try:
                results = explainer_search.search_live_explainers(query)
            except explainer_search.SearchTooSlow:
                status, too_slow = 503, True
    response = render(
        request,
        "public/search.html",
        {
            "site_name": SITE_NAME,
            "query": query,
            "results": results,
            "throttled": status == 429,
            "too_slow": too_slow,
            "limit": explainer_search.LIMIT,
            "canonical_url": request.build_absolute_uri(reverse("explainers:search")),
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    if status == 200:
        patch_cache_control(response, **LIST_CACHE_CONTROL)
    else:
        add_never_cache_headers(response)
    return response


# --- Errors ------------------------------------------------------------------


def gone(request):
    response = render(request, "410.html", {"site_name": SITE_NAME}, status=410)
    patch_cache_control(response, **LIST_CACHE_CONTROL)
    return response


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    return defaults.server_error(request, template_name="500.html")
