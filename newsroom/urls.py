from django.contrib import admin
from django.urls import include, path

from newsroom import health

admin.site.site_header = "Newsroom CMS"
admin.site.site_title = "Newsroom CMS"
admin.site.index_title = "Explainers, statistics and sources"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.api_urls")),
    path("", include("explainers.urls")),
]

handler404 = "explainers.views.page_not_found"
handler500 = "explainers.views.server_error"
