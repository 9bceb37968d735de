"""The Atom feed of live explainers, built from their published revisions."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from explainers import selectors

FEED_SIZE = 30


class LatestExplainersFeed(Feed):
    feed_type = Atom1Feed
    title = "Newsroom Explainers"
    subtitle = "Explainers on armed conflicts, every figure sourced and reviewed."

    def link(self):
        return reverse("explainers:home")

    def feed_url(self):
        return reverse("explainers:feed")

    def items(self):
        return selectors.live_explainer_summaries(limit=FEED_SIZE)

    def item_title(self, item):
        return item["published_title"]

    def item_description(self, item):
        # Atom's summary is typed as HTML: the standfirst is text, so escape it.
        return escape(item["published_standfirst"])

    def item_link(self, item):
        return reverse("explainers:detail", args=[item["published_slug"]])

    def item_pubdate(self, item):
        return selectors.first_published(item)

    def item_updateddate(self, item):
        return item["published_at"]

    def item_categories(self, item):
        return [item["conflict_name"]] if item["conflict_name"] else []
