from django.contrib import admin
from django.urls import include, path

from newsroom import health, metrics

admin.site.site_header = "Newsroom CMS"
admin.site.site_title = "Newsroom CMS"
admin.site.index_title = "Explainers, statistics and sources"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Prometheus, for operators only (newsroom/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
    # The second-factor step of signing in, in the admin's look (accounts).
    path("admin/second-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/newsroom/tokens/", include("accounts.api")),
    path("api/v1/", include("newsroom.api_urls")),
    # Uploaded images (images.views: on only when settings.SERVE_MEDIA is).
    path("media/", include("images.urls")),
    path("", include("explainers.urls")),
]

handler404 = "explainers.views.page_not_found"
# 503 in its own format while the database is down (newsroom/outage.py).
handler500 = "newsroom.outage.server_error"
