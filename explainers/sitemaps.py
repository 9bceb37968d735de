"""The sitemap: the front page and every live explainer, as published."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from explainers import selectors

# The sitemap protocol allows 50,000 URLs per file.
SITEMAP_SIZE = 50_000


class ExplainerSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.live_explainer_summaries(limit=SITEMAP_SIZE)

    def location(self, item):
        return reverse("explainers:detail", args=[item["published_slug"]])

    def lastmod(self, item):
        return item["published_at"]


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["explainers:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"home": HomeSitemap, "explainers": ExplainerSitemap}
