"""URLs of the sources API, included under /api/v1/ (see newsroom.api_urls).

Citations are nested under their statistic, itself under its explainer.
"""

from django.urls import path

from newsroom.api import converters  # noqa: F401  (registers <object_id:...>)
from sources.api import views

CITATIONS = (
    "newsroom/explainers/<object_id:explainer_id>/"
    "statistics/<object_id:statistic_id>/citations/"
)

urlpatterns = [
    path(
        "newsroom/sources/", views.SourceListView.as_view(), name="newsroom-source-list"
    ),
    path(
        "newsroom/sources/<object_id:source_id>/",
        views.SourceDetailView.as_view(),
        name="newsroom-source",
    ),
    path(CITATIONS, views.CitationListView.as_view(), name="newsroom-citation-list"),
    path(
        CITATIONS + "<object_id:citation_id>/",
        views.CitationDetailView.as_view(),
        name="newsroom-citation",
    ),
]
