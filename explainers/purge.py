"""What a publication changes on the public site, and purging it everywhere.

Publishing, correcting (a publish with a correction) and unpublishing change
exactly these addresses: the explainer's page, the front page and its
conflict's page, the feeds, the sitemap's index and explainers section, and
the public API's list and the explainer's entry. Each is served with the
surrogate keys below (``Surrogate-Key`` for Fastly and Varnish, ``Cache-Tag``
for Cloudflare), so a purge by key removes exactly them.

After the transition commits: the copies the app keeps for outages are
dropped at once (shared by the fleet through the cache), and a job with
retries tells the CDN (``newsroom.cdn``).
"""

import contextlib
import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from explainers.models import Explainer, LiveListing
from explainers.signals import transitioned
from jobs import enqueue_on_commit, job
from newsroom import cdn, outage

# Transitions that change what readers see (a correction is a publish).
PUBLIC_TRANSITIONS = {"publish", "unpublish"}

_PAGE = re.compile(r"^/explainers/(?P<slug>[-\w]+)/$")
_API_ENTRY = re.compile(r"^/api/v1/explainers/(?P<slug>[-\w]+)/$")
_SITEMAP_SECTION = re.compile(r"^/sitemap-(?P<section>[-\w]+)\.xml$")


def keys_for_path(path: str, conflict: str = "") -> list[str]:
    """Returns the surrogate keys of a public address (none for others);
    ``conflict`` is the front page's ``?conflict=``."""
    if path == "/":
        return [f"conflict-{conflict}"] if conflict else ["home"]
    if match := _PAGE.match(path):
        return [f"explainer-{match['slug']}"]
    if path.startswith("/feeds/"):
        return ["feeds"]
    if path == "/sitemap.xml":
        return ["sitemap"]
    if match := _SITEMAP_SECTION.match(path):
        return [f"sitemap-{match['section']}"]
    if path == "/api/v1/explainers/":
        return ["api-explainers"]
    if match := _API_ENTRY.match(path):
        return [f"api-explainer-{match['slug']}"]
    return []


class SurrogateKeyMiddleware:
    """Labels public answers with their surrogate keys for the CDN."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", ""):
            path = request.path_info
            # The query string is parsed only where it names a page.
            conflict = request.GET.get("conflict", "") if path == "/" else ""
            keys = keys_for_path(path, conflict)
            if keys:
                response["Surrogate-Key"] = " ".join(keys)
                response["Cache-Tag"] = ",".join(keys)
        return response


@dataclass(frozen=True)
class Changed:
    keys: list[str]
    paths: list[str]


def changed_by(slug: str, conflict_slug: str) -> Changed:
    """The keys and addresses a publication of ``slug`` changes."""
    home = reverse("explainers:home")
    paths = [
        reverse("explainers:detail", args=[slug]),
        home,
        *(
            [f"{home}?{urlencode({'conflict': conflict_slug})}"]
            if conflict_slug
            else []
        ),
        reverse("explainers:feed"),
        reverse("explainers:json-feed"),
        reverse("explainers:sitemap"),
        reverse("explainers:sitemap-section", args=["explainers"]),
        reverse("public-explainer-list"),
        reverse("public-explainer-detail", args=[slug]),
    ]
    keys = sorted({key for path in paths for key in keys_for_path(*_split(path))})
    return Changed(keys=keys, paths=paths)


def _split(path: str) -> tuple[str, str]:
    base, _, query = path.partition("?")
    return base, dict(parse_qsl(query)).get("conflict", "")


# The shared cache's generation of lists kept by ``cached_until_published``.
GENERATION_KEY = "public-lists-generation"


def cached_until_published(seconds: int):
    """Keeps a public view's answers in the shared cache for ``seconds``, or
    until the next publication: every server then reads the same, fresh copy.

    For views that are costly and change only when publications do (the
    sitemap); keys carry a generation that ``explainers_changed`` moves on.
    """

    def decorate(view):
        @functools.wraps(view)
        def cached(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
            key = f"public-view:{generation}:{request.get_full_path()}"
            kept = cache.get(key)
            if kept is not None:
                content, headers = kept
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200:
                headers = dict(response.items())
                cache.set(key, (response.content, headers), seconds)
            return response

        return cached

    return decorate


def explainers_changed(explainer_ids: list[int]) -> None:
    """Purges what readers see of these explainers (after a commit)."""
    rows = Explainer.objects.filter(pk__in=explainer_ids).values_list(
        "slug", "conflict__slug"
    )
    keys: set[str] = set()
    paths: list[str] = []
    for slug, conflict_slug in rows:
        changed = changed_by(slug, conflict_slug or "")
        keys.update(changed.keys)
        paths.extend(p for p in changed.paths if p not in paths)
    if not paths:
        return
    # At once and for every server: no outage may bring back a withdrawn page,
    # and the kept lists are made again.
    outage.forget(paths)
    # Not set yet (ValueError): nothing is kept under a generation.
    with contextlib.suppress(ValueError):
        cache.incr(GENERATION_KEY)
    if cdn.configured():
        enqueue_on_commit(purge_cdn, sorted(keys), paths)


def source_notice_changed(source_id: int) -> None:
    """Purges the live explainers citing a source whose notice changed."""
    explainers_changed(
        list(
            LiveListing.objects.filter(
                revision__cited_sources__source_id=source_id
            ).values_list("explainer_id", flat=True)
        )
    )


@receiver(transitioned, dispatch_uid="explainers.purge")
def purge_on_transition(sender, *, explainer_id, name, **kwargs):
    if name in PUBLIC_TRANSITIONS:
        explainers_changed([explainer_id])


@job(time_limit=30, retries=5, backoff=10)
def purge_cdn(keys: list[str], paths: list[str]) -> str:
    """Tells the CDN these keys (or, for Varnish, these paths) changed."""
    sent = cdn.purge(keys=keys, paths=paths)
    return f"{sent} purge request(s) for {len(keys)} key(s)"
