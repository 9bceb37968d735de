"""Public site views: the front page, explainer pages, search, error pages.

An explainer page is made from its live published revision, which never
changes once written. Its rendered bytes are therefore kept in memory keyed
by the revision, and a request costs one indexed query (is this slug live,
and which revision?) plus a dictionary lookup. The same row gives the ETag
and Last-Modified, so a conditional request is answered 304 without more.
"""

import hashlib
import math
import threading
from collections import OrderedDict
from functools import cache
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
from django.utils.http import http_date, urlencode
from django.views import defaults
from django.views.decorators.http import require_safe

from explainers import page, selectors
from explainers import search as explainer_search
from explainers.front import front_page
from newsroom.api.throttles import SearchThrottle

SITE_NAME = page.SITE_NAME

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

    # The related explainers change when the conflict gets a new one.
    related = int(row.related_stamp.timestamp() * 1e6) if row.related_stamp else 0
    notices = f"-n{row.notices_tag}" if row.notices_tag else ""
    etag = f'"r{row.revision_id}-{design_version()}-{related}{notices}"'
    assert row.revision_published_at is not None  # a live row names its revision
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
            row.related_stamp,
            # A retraction notice written since changes the page.
            row.notices_tag,
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
    parts = selectors.explainer_page_parts(row, related=True)
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
        was_updated=(row.revision_number or 0) > 1,
        related=parts.related,
        notices=row.source_notices,
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
    related: list[dict] | None = None,
    notices: dict | None = None,
) -> str:
    """Renders an explainer page from a content tree and its rendered HTML.

    Serves published revisions and, with ``preview``, the staff preview of a
    draft, so that editors see exactly what readers will see.
    """
    canonical = request.build_absolute_uri(
        reverse("explainers:detail", args=[content["explainer"]["slug"]])
    )
    context = page.page_context(
        content=content,
        html=html,
        updates=updates,
        published_at=published_at,
        updated_at=updated_at,
        was_updated=was_updated,
        canonical=canonical,
        preview=preview,
        related=related,
        notices=notices,
    )
    return render_to_string("public/explainer.html", context)


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
            conflict_slug=conflict_slug,
            cursor=request.GET.get("after"),
            extra=("lead_image",),
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
            # The newest leads the first page; later pages continue the list.
            "front": front_page(page.items, lead=not request.GET.get("after")),
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
        # It reads the request only; a page is no API view (the stubs want one).
        if not throttle.allow_request(request, None):  # type: ignore[arg-type]
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
