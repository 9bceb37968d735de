"""Newsroom API: an explainer's background boxes."""

from typing import Any

from django.db.models import QuerySet
from rest_framework.serializers import BaseSerializer

from explainers.api.serializers import BoxInputSerializer, BoxSerializer
from explainers.api.views.bases import (
    NestedDetailView,
    NestedListView,
    nested_schema,
)
from explainers.api.views.lookups import get_box, get_explainer
from explainers.models import BackgroundBox, Explainer
from explainers.services import content

BOX_TAGS = ["newsroom: boxes"]


class BoxViews:
    view_permission = "explainers.view_backgroundbox"
    view_permission_label = "background boxes"
    serializer_class: type[BaseSerializer] = BoxSerializer
    input_serializer_class: type[BaseSerializer] = BoxInputSerializer


@nested_schema(
    "boxes",
    tags=BOX_TAGS,
    list="An explainer's background boxes",
    create="Add a box",
)
class BoxListView(BoxViews, NestedListView):
    detail_url_name, detail_url_kwarg = "newsroom-box", "box_id"

    def get_parent(self) -> Explainer:
        return get_explainer(self.kwargs["explainer_id"])

    def get_rows(self, explainer: Explainer, /) -> QuerySet[BackgroundBox]:
        return BackgroundBox.objects.filter(explainer=explainer).order_by(
            "position", "id"
        )

    def create(self, explainer: Explainer, /, **kwargs: Any) -> BackgroundBox:
        return content.box_create(explainer_id=explainer.pk, **kwargs)


@nested_schema(
    "boxes",
    tags=BOX_TAGS,
    retrieve="One box",
    partial_update="Change some fields of a box",
    update="Replace a box",
    destroy="Delete a box",
)
class BoxDetailView(BoxViews, NestedDetailView):
    def get_row(self) -> BackgroundBox:
        return get_box(self.kwargs["explainer_id"], self.kwargs["box_id"])

    def update(self, box: BackgroundBox, /, **kwargs: Any) -> BackgroundBox:
        return content.box_update(box_id=box.pk, **kwargs)

    def destroy(self, box: BackgroundBox, /, **kwargs: Any) -> None:
        content.box_delete(box_id=box.pk, **kwargs)
