"""Honest answers while the database is out of reach.

Every request that fails on the database answers 503 with ``Retry-After``:
an HTML page for readers, the API's JSON error shape under ``/api/``. Public
answers already served once (pages, public API) are kept in the shared cache
(``LastGoodCopy``), and a reader asking for one during the outage gets that
copy instead of the 503.
The broken connections are closed at once, so the first request after the
database returns succeeds instead of reusing a dead connection.
"""

import hashlib
import logging
import sys
import time

from django.core.cache import cache
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# How long a page is kept to stand in for the database (refreshed while served).
LAST_GOOD_SECONDS = 24 * 3600
LAST_GOOD_PREFIX = "last-good:"
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_down(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def close_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            # Whoever opened the transaction ends it (a test's, in practice:
            # requests run outside one).
            continue
        try:
            connection.close()
        except DATABASE_ERRORS:
            # Closing a dead connection may fail too; it is dropped either way.
            connection.connection = None


def server_error(request):
    """``handler500``: 503 for a database outage, the usual 500 otherwise."""
    exc = sys.exc_info()[1]
    if not database_down(exc):
        return defaults.server_error(request, template_name="500.html")
    close_broken_connections()
    copy = LastGoodCopy.lookup(request)
    if copy is not None:
        return copy
    if request.path_info.startswith("/api/"):
        # Imported here: the API's modules load DRF, which loads this module.
        from newsroom.api.errors import error_body

        response: HttpResponse = JsonResponse(
            error_body(
                "database_unavailable",
                "The database is out of reach; nothing was read or changed. "
                "Try again shortly.",
            ),
            status=503,
        )
    else:
        # Rendered without the request: context processors would read the
        # session and the user from the database that is down.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def page_key(path: str) -> str:
    return LAST_GOOD_PREFIX + hashlib.sha256(path.encode()).hexdigest()


def forget(paths: list[str]) -> None:
    """Drops the kept copies of these pages (path and query string)."""
    cache.delete_many([page_key(path) for path in paths])


class LastGoodCopy:
    """Keeps each anonymous public page in the shared cache as it is served.

    Only answers anybody could be given, and that carry surrogate keys, are
    kept: GET, 200, ``Cache-Control: public``, no cookie set. A copy is
    written when the page changed (by its ETag or a digest), so a page read a
    thousand times is written once.
    Unpublishing drops the copy (``forget``), so a withdrawn page is never
    brought back by an outage.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # key -> (version, when written): what this process already kept.
        self.written: dict[str, tuple[str, float]] = {}

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not getattr(response, "from_last_good", False)
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
            # What a CDN may cache and a purge names: pages, lists, feeds,
            # the public API; not every search a client can make up.
            and response.has_header("Surrogate-Key")
        ):
            self.keep(request, response)
        return response

    def keep(self, request, response) -> None:
        key = page_key(request.get_full_path())
        version = (
            response.get("ETag")
            or hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        )
        kept = self.written.get(key)
        if (
            kept
            and kept[0] == version
            and kept[1] > time.time() - LAST_GOOD_SECONDS / 2
        ):
            return
        headers = {
            name: response[name]
            for name in ("Content-Type", "ETag", "Last-Modified", "Surrogate-Key")
            if name in response
        }
        try:
            cache.set(key, (response.content, headers), LAST_GOOD_SECONDS)
        except Exception:
            # A cache outage must not fail a page that was served.
            logger.warning("could not keep a copy of %s", request.path, exc_info=True)
            return
        if len(self.written) > 10_000:
            self.written.clear()
        self.written[key] = (version, time.time())

    @staticmethod
    def lookup(request) -> HttpResponse | None:
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            kept = cache.get(page_key(request.get_full_path()))
        except Exception:
            return None
        if kept is None:
            return None
        content, headers = kept
        response = HttpResponse(content, headers=headers)
        # Short: the copy stands in only until the database returns.
        response["Cache-Control"] = "public, max-age=30"
        response["X-Served-From"] = "last-good-copy"
        response.from_last_good = True  # type: ignore[attr-defined]
        return response
