"""The Atom feed and the JSON Feed of live explainers, from their published
revisions: the newest ``FEED_SIZE`` listings and their revisions' text, read
in one query, with authors, dates and the full text (figures, footnote marks
and sources, every link absolute)."""

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.safestring import mark_safe

from explainers.page import SITE_NAME
from explainers.selectors import first_published, latest_listings, summaries
from explainers.syndication import full_content

FEED_SIZE = 30
SUBTITLE = "Explainers on armed conflicts, every figure sourced and reviewed."
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_CACHE_SECONDS = 24 * 60 * 60


def feed_entries(request: HttpRequest, *, limit: int = FEED_SIZE) -> list[dict]:
    """The newest live explainers as feed entries (one query)."""
    origin = request.build_absolute_uri("/").rstrip("/")
    rows = list(
        summaries(
            latest_listings(),
            "authors",
            "revision_id",
            "revision__content",
            "revision__html",
        )[:limit]
    )
    # A revision never changes: its rendered text is kept per site address.
    keys = {
        row["revision_id"]: f"feed-content:{row['revision_id']}:{origin}"
        for row in rows
    }
    rendered = cache.get_many(list(keys.values()))
    entries = []
    for row in rows:
        url = origin + reverse("explainers:detail", args=[row["published_slug"]])
        key = keys[row["revision_id"]]
        if key not in rendered:
            rendered[key] = full_content(
                row["revision__content"],
                row["revision__html"],
                origin=origin,
                page_url=url,
            )
            cache.set(key, str(rendered[key]), CONTENT_CACHE_SECONDS)
        entries.append(
            {
                "url": url,
                "title": row["published_title"],
                "summary": row["published_standfirst"],
                "content": mark_safe(rendered[key]),  # rendered by full_content
                # RFC 4287 wants an author on every entry: the newsroom signs
                # what no named writer does.
                "authors": [name for name in row["authors"] or [] if name]
                or [SITE_NAME],
                "published": first_published(row),
                "updated": row["published_at"],
                "tags": [row["conflict_name"]] if row["conflict_name"] else [],
            }
        )
    return entries


class FullAtom1Feed(Atom1Feed):
    """Atom with every author of an entry and its full text as ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)  # the first author, as Django does
        for name in item["authors"][1:]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestExplainersFeed(Feed):
    feed_type = FullAtom1Feed
    title = SITE_NAME
    subtitle = SUBTITLE
    author_name = SITE_NAME

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self):
        return reverse("explainers:home")

    def feed_url(self):
        return reverse("explainers:feed")

    def items(self, request):
        return feed_entries(request)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        # Atom's summary is HTML here: the standfirst is text, so escape it.
        return escape(item["summary"])

    def item_link(self, item):
        return item["url"]

    def item_author_name(self, item):
        return item["authors"][0]

    def item_pubdate(self, item):
        return item["published"]

    def item_updateddate(self, item):
        return item["updated"]

    def item_categories(self, item):
        return item["tags"]

    def item_extra_kwargs(self, item):
        return {"authors": item["authors"], "content": item["content"]}


def json_feed(request: HttpRequest) -> JsonResponse:
    """The same entries as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    data = {
        "version": JSON_FEED_VERSION,
        "title": SITE_NAME,
        "description": SUBTITLE,
        "home_page_url": request.build_absolute_uri(reverse("explainers:home")),
        "feed_url": request.build_absolute_uri(reverse("explainers:json-feed")),
        "language": "en-GB",
        "authors": [{"name": SITE_NAME}],
        "items": [
            {
                "id": entry["url"],
                "url": entry["url"],
                "title": entry["title"],
                "summary": entry["summary"],
                "content_html": entry["content"],
                "date_published": entry["published"].isoformat(),
                "date_modified": entry["updated"].isoformat(),
                "authors": [{"name": name} for name in entry["authors"]],
                "tags": entry["tags"],
            }
            for entry in feed_entries(request)
        ],
    }
    return JsonResponse(
        data,
        content_type="application/feed+json",
        json_dumps_params={"ensure_ascii": False},
    )
