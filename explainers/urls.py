"""Public site URLs (DESIGN.md, "Public site")."""

from django.contrib.sitemaps.views import index, sitemap
from django.urls import path
from django.views.decorators.cache import cache_control

from explainers import views
from explainers.feeds import LatestExplainersFeed
from explainers.sitemaps import SITEMAPS

app_name = "explainers"

urlpatterns = [
    path("", views.home, name="home"),
    path("explainers/<slug:slug>/", views.explainer_detail, name="detail"),
    path("search/", views.search, name="search"),
    path(
        "feeds/explainers/",
        cache_control(public=True, max_age=300)(LatestExplainersFeed()),
        name="feed",
    ),
    # A sitemap index of sections, each paginated at 50,000 URLs.
    path(
        "sitemap.xml",
        cache_control(public=True, max_age=3600)(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "explainers:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_control(public=True, max_age=3600)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
