"""Telling the CDN in front of the site that pages changed.

One call, ``purge(keys=..., paths=...)``, in the style of the CDN that
``CDN_PURGE_STYLE`` names, to ``CDN_PURGE_URL`` with ``CDN_PURGE_TOKEN``:

- ``fastly``: one ``POST`` to the service's purge URL
  (``https://api.fastly.com/service/<id>/purge``) with the keys in a
  ``Surrogate-Key`` header and the token in ``Fastly-Key``;
- ``cloudflare``: ``POST`` to the zone's ``purge_cache`` URL with
  ``{"tags": [...]}`` (30 to a request) and ``Authorization: Bearer``;
- ``varnish``: one ``PURGE`` request per page, to the Varnish address with
  the page's path and the site's ``Host`` (the usual ``vcl_recv`` purge).

Pages carry the same keys in ``Surrogate-Key`` and ``Cache-Tag`` headers, so
what is purged is exactly what was cached under them. Any answer but 2xx
raises ``PurgeFailed``; the purge job retries it.
"""

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

STYLES = ("fastly", "cloudflare", "varnish")
TIMEOUT_SECONDS = 10
CLOUDFLARE_TAGS_PER_REQUEST = 30


class PurgeFailed(Exception):
    pass


def configured() -> bool:
    return bool(settings.CDN_PURGE_URL)


def purge(*, keys: list[str], paths: list[str]) -> int:
    """Purges ``keys`` (or, for Varnish, ``paths``); returns the requests sent."""
    style = settings.CDN_PURGE_STYLE
    if style not in STYLES:
        raise PurgeFailed(f"CDN_PURGE_STYLE must be one of {STYLES}, not {style!r}.")
    sent = 0
    for request in _requests(style, keys=keys, paths=paths):
        _send(request)
        sent += 1
    logger.info("CDN purge", extra={"style": style, "keys": " ".join(keys)})
    return sent


def _requests(
    style: str, *, keys: list[str], paths: list[str]
) -> Iterator[urllib.request.Request]:
    url, token = settings.CDN_PURGE_URL, settings.CDN_PURGE_TOKEN
    if style == "fastly":
        headers = {"Surrogate-Key": " ".join(keys), "Accept": "application/json"}
        if token:
            headers["Fastly-Key"] = token
        yield urllib.request.Request(url, method="POST", headers=headers)
    elif style == "cloudflare":
        step = CLOUDFLARE_TAGS_PER_REQUEST
        for tags in (keys[i : i + step] for i in range(0, len(keys), step)):
            yield urllib.request.Request(
                url,
                method="POST",
                data=json.dumps({"tags": tags}).encode(),
                headers={
                    "Content-Type": "application/json",
                    **({"Authorization": f"Bearer {token}"} if token else {}),
                },
            )
    else:
        host = urlsplit(settings.CDN_SITE_URL).netloc
        for path in paths:
            yield urllib.request.Request(
                url.rstrip("/") + path,
                method="PURGE",
                headers={"Host": host, **({"X-Purge-Token": token} if token else {})},
            )


def _send(request: urllib.request.Request) -> None:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        raise PurgeFailed(f"{request.method} {request.full_url}: {exc}") from exc
    if not 200 <= status < 300:
        raise PurgeFailed(f"{request.method} {request.full_url} answered {status}")
