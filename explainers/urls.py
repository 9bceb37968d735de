"""Public site URLs (DESIGN.md, "Public site")."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from explainers import views
from explainers.feeds import LatestExplainersFeed, json_feed
from explainers.purge import cached_until_published
from explainers.sitemaps import SITEMAPS

app_name = "explainers"
SITEMAP_CACHE_SECONDS = 600


def sitemap_cache(view):
    return cache_control(public=True, max_age=SITEMAP_CACHE_SECONDS)(
        cached_until_published(SITEMAP_CACHE_SECONDS)(view)
    )


urlpatterns = [
    path("", views.home, name="home"),
    path("explainers/<slug:slug>/", views.explainer_detail, name="detail"),
    path("search/", views.search, name="search"),
    path(
        "feeds/explainers/",
        cache_control(public=True, max_age=300)(LatestExplainersFeed()),
        name="feed",
    ),
    path(
        "feeds/explainers.json",
        cache_control(public=True, max_age=300)(json_feed),
        name="json-feed",
    ),
    # A sitemap index of sections, each paginated at 50,000 URLs; a page of
    # 50,000 takes seconds to render, so each is kept in the shared cache for
    # ten minutes or until the next publication (explainers/purge.py).
    path(
        "sitemap.xml",
        sitemap_cache(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "explainers:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_cache(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
