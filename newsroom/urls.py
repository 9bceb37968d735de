from django.contrib import admin
from django.urls import path

from newsroom import health

admin.site.site_header = "Newsroom CMS"
admin.site.site_title = "Newsroom CMS"
admin.site.index_title = "Explainers, statistics and sources"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
