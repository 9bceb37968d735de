"""URLs of the sources API, included under /api/v1/ (see newsroom.api_urls).

Citations are nested under their statistic, in the explainers API.
"""

from django.urls import path

from newsroom.api import converters  # noqa: F401  (registers <object_id:...>)
from sources.api import views

urlpatterns = [
    path(
        "newsroom/sources/", views.SourceListView.as_view(), name="newsroom-source-list"
    ),
    path(
        "newsroom/sources/<object_id:source_id>/",
        views.SourceDetailView.as_view(),
        name="newsroom-source",
    ),
    path(
        "newsroom/sources/<object_id:source_id>/uses/",
        views.SourceUsesView.as_view(),
        name="newsroom-source-uses",
    ),
    path(
        "newsroom/sources/<object_id:source_id>/status/",
        views.SourceStatusView.as_view(),
        name="newsroom-source-status",
    ),
]
