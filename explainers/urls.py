"""Public site URLs (DESIGN.md, "Public site")."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path
from django.views.decorators.cache import cache_control, cache_page

from explainers import views
from explainers.feeds import LatestExplainersFeed, json_feed
from explainers.sitemaps import SITEMAPS

app_name = "explainers"
SITEMAP_CACHE_SECONDS = 600

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
    # 50,000 takes seconds to render, so each is kept in the cache for ten
    # minutes (search engines read them hours apart).
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "explainers:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
