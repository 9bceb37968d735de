"""URLs of the images API, included under /api/v1/ (see newsroom.api_urls)."""

from django.urls import path

from images.api import views
from newsroom.api import converters  # noqa: F401  (registers <object_id:...>)

urlpatterns = [
    path("newsroom/images/", views.ImageListView.as_view(), name="newsroom-images"),
    path(
        "newsroom/images/<object_id:image_id>/",
        views.ImageDetailView.as_view(),
        name="newsroom-image",
    ),
]
