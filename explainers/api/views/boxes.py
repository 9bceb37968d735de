"""Newsroom API: an explainer's background boxes."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from explainers.api.serializers import (
    BoxInputSerializer,
    BoxSerializer,
)
from explainers.api.views.lookups import (
    current_version,
    get_box,
    get_explainer,
    with_version,
)
from explainers.models import BackgroundBox
from explainers.permissions import require_edit
from explainers.services import content
from newsroom.api.etags import (
    version_etag,
)
from newsroom.api.serializers import validated
from newsroom.api.views import (
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    NewsroomAPIView,
    check_if_match,
    error_responses,
)

# --- newsroom: boxes -----------------------------------------------------------------

BOX_TAG = ["newsroom: boxes"]


class BoxListView(NewsroomAPIView):
    view_permission = "explainers.view_backgroundbox"
    view_permission_label = "background boxes"

    @extend_schema(
        operation_id="newsroom_boxes_list",
        summary="An explainer's background boxes",
        tags=BOX_TAG,
        responses={200: BoxSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        boxes = BackgroundBox.objects.filter(explainer=explainer).order_by(
            "position", "id"
        )
        return Response(
            BoxSerializer(boxes, many=True).data,
            headers={"ETag": version_etag(explainer.version)},
        )

    @extend_schema(
        operation_id="newsroom_boxes_create",
        summary="Add a box",
        tags=BOX_TAG,
        parameters=[IF_MATCH],
        request=BoxInputSerializer,
        responses={201: BoxSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        require_edit(request.user)
        expected = check_if_match(request, explainer.version)
        data = validated(BoxInputSerializer, request.data)
        box = content.box_create(
            explainer_id=explainer.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        return with_version(
            BoxSerializer(box).data, explainer.pk, status_code=status.HTTP_201_CREATED
        )


class BoxDetailView(NewsroomAPIView):
    view_permission = "explainers.view_backgroundbox"
    view_permission_label = "background boxes"

    @extend_schema(
        operation_id="newsroom_boxes_retrieve",
        summary="One box",
        tags=BOX_TAG,
        responses={200: BoxSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id, box_id):
        box = get_box(explainer_id, box_id)
        return Response(
            BoxSerializer(box).data,
            headers={"ETag": version_etag(box.explainer.version)},
        )

    def _update(self, request, explainer_id, box_id, *, partial):
        box = get_box(explainer_id, box_id)
        require_edit(request.user)
        expected = check_if_match(request, box.explainer.version)
        data = validated(BoxInputSerializer, request.data, partial=partial)
        box = content.box_update(
            box_id=box.pk, actor=request.user, data=data, expected_version=expected
        )
        return with_version(BoxSerializer(box).data, explainer_id)

    @extend_schema(
        operation_id="newsroom_boxes_partial_update",
        summary="Change some fields of a box",
        tags=BOX_TAG,
        parameters=[IF_MATCH],
        request=BoxInputSerializer(partial=True),
        responses={200: BoxSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, explainer_id, box_id):
        return self._update(request, explainer_id, box_id, partial=True)

    @extend_schema(
        operation_id="newsroom_boxes_update",
        summary="Replace a box",
        tags=BOX_TAG,
        parameters=[IF_MATCH],
        request=BoxInputSerializer,
        responses={200: BoxSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request, explainer_id, box_id):
        return self._update(request, explainer_id, box_id, partial=False)

    @extend_schema(
        operation_id="newsroom_boxes_destroy",
        summary="Delete a box",
        tags=BOX_TAG,
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, explainer_id, box_id):
        box = get_box(explainer_id, box_id)
        require_edit(request.user)
        expected = check_if_match(request, box.explainer.version)
        content.box_delete(box_id=box.pk, actor=request.user, expected_version=expected)
        return Response(
            status=status.HTTP_204_NO_CONTENT,
            headers={"ETag": version_etag(current_version(explainer_id))},
        )
