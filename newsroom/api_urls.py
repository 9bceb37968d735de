"""The JSON API under /api/v1/: public reads, newsroom writes, one schema.

- ``explainers/``, ``explainers/<slug>/``: public, anonymous, read-only.
- ``newsroom/...``: token or session authentication, staff only.
- ``schema/`` (OpenAPI 3) and ``docs/`` (Swagger UI served from this site).

Any other path under /api/v1/ answers 404 in the API's error shape.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsroom.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a file, so the
    # docs page runs under a policy without inline scripts.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("", include("explainers.api.urls")),
    path("", include("sources.api.urls")),
    path("", include("images.api.urls")),
    re_path(r"^.*$", api_not_found, name="api-not-found"),
]
