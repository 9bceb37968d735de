"""The sitemap: the front page and every live explainer, as published.

``/sitemap.xml`` is an index; each section is paginated at the protocol's
50,000 URLs (``?p=2``, ...), read from the live listing in primary-key order.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from explainers.models import LiveListing

# The sitemap protocol allows 50,000 URLs per file.
SITEMAP_SIZE = 50_000


class ExplainerSitemap(Sitemap):
    changefreq = "weekly"
    limit = SITEMAP_SIZE

    def items(self):
        return LiveListing.objects.order_by("explainer_id").values(
            "slug", "published_at"
        )

    def location(self, item):
        # Formatted, not reversed: a page holds 50,000 of them.
        return f"{self.prefix}{item['slug']}/"

    @cached_property
    def prefix(self) -> str:
        return reverse("explainers:detail", args=["x"])[: -len("x/")]

    def get_latest_lastmod(self):
        # Django's default reads every item for the index; the listing's
        # index answers the newest publication at once.
        return LiveListing.objects.aggregate(latest=Max("published_at"))["latest"]

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
