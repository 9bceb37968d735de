"""Views of the explainers API.

Public views serve live revisions only. Newsroom views are thin: they look
the object up, check If-Match, validate the body's shape with an input
serializer and call the service that writes; the service decides who may
and what is possible (see ``newsroom.api.errors`` for the answers).
"""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from explainers import gate
from explainers import selectors as site_selectors
from explainers.api import selectors
from explainers.api.serializers import (
    BoxInputSerializer,
    BoxSerializer,
    ChecksSerializer,
    CommentInputSerializer,
    ExplainerInputSerializer,
    ExplainerSerializer,
    ExplainerSummarySerializer,
    ExplainerUpdateInputSerializer,
    FindingSerializer,
    HistorySerializer,
    MakeStatisticInputSerializer,
    PublicExplainerSerializer,
    PublicExplainerSummarySerializer,
    PublicListFilterSerializer,
    PublishInputSerializer,
    RejectInputSerializer,
    RequestChangesInputSerializer,
    ReviewNoteInputSerializer,
    StatisticInputSerializer,
    StatisticSerializer,
    WaiveInputSerializer,
)
from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.permissions import require_edit
from explainers.services import content, review, transitions
from explainers.services.findings import (
    finding_waive,
    statistic_create_from_finding,
)
from newsroom.api.errors import PreconditionFailed, error_body
from newsroom.api.etags import (
    etag_for_data,
    not_modified,
    not_modified_response,
    version_etag,
)
from newsroom.api.pagination import StandardPagination
from newsroom.api.serializers import validated
from newsroom.api.views import (
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    NewsroomAPIView,
    PublicAPIView,
    check_if_match,
    error_responses,
)

# Bump when the shape of public answers changes, so cached ETags expire.
PUBLIC_REPRESENTATION = "1"

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="An ETag from an earlier answer; 304 when it is still current.",
)

# --- public -------------------------------------------------------------------------


class PublicExplainerListView(PublicAPIView):
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="public_explainers_list",
        summary="Published explainers",
        tags=["public"],
        parameters=[PublicListFilterSerializer, IF_NONE_MATCH],
        responses={
            200: PublicExplainerSummarySerializer(many=True),
            **error_responses(304, 400, 404, 429),
        },
        auth=[],
    )
    def get(self, request):
        filters = validated(PublicListFilterSerializer, request.query_params.dict())
        rows = selectors.public_list(
            conflict=filters.get("conflict"),
            updated_since=filters.get("updated_since"),
            q=filters.get("q"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        items = PublicExplainerSummarySerializer(
            [selectors.public_summary(row) for row in page], many=True
        ).data
        response = paginator.get_paginated_response(items)
        etag = etag_for_data([PUBLIC_REPRESENTATION, response.data])
        if not_modified(request, etag):
            return not_modified_response(etag, self.cache_control)
        response["ETag"] = etag
        response["Cache-Control"] = self.cache_control
        return response


class PublicExplainerDetailView(PublicAPIView):
    @extend_schema(
        operation_id="public_explainers_retrieve",
        summary="One published explainer, as readers see it",
        tags=["public"],
        parameters=[IF_NONE_MATCH],
        responses={
            200: PublicExplainerSerializer,
            **error_responses(304, 404, 410, 429),
        },
        auth=[],
    )
    def get(self, request, slug):
        row = site_selectors.explainer_page_row(slug)
        if row is None or not (row.live or row.withdrawn):
            raise NotFound("No published explainer has this slug.")
        if not row.live:
            return Response(
                error_body("gone", "This explainer has been withdrawn."),
                status=status.HTTP_410_GONE,
            )
        # A revision never changes (its corrections are made with it), so its
        # id identifies the answer: a conditional GET costs one query.
        etag = f'"r{row.revision_id}-{PUBLIC_REPRESENTATION}"'
        if not_modified(request, etag):
            return not_modified_response(etag, self.cache_control)
        data = PublicExplainerSerializer(selectors.public_detail(row)).data
        return Response(
            data, headers={"ETag": etag, "Cache-Control": self.cache_control}
        )


# --- newsroom: lookups ---------------------------------------------------------------


def get_explainer(explainer_id: int, queryset=None) -> Explainer:
    queryset = queryset if queryset is not None else Explainer.objects.all()
    try:
        return queryset.get(pk=explainer_id)
    except Explainer.DoesNotExist:
        raise NotFound("No explainer with this id.") from None


def get_box(explainer_id: int, box_id: int) -> BackgroundBox:
    box = (
        BackgroundBox.objects.select_related("explainer")
        .filter(explainer_id=explainer_id, pk=box_id)
        .first()
    )
    if box is None:
        raise NotFound("This explainer has no box with this id.")
    return box


def get_statistic(explainer_id: int, statistic_id: int, queryset=None) -> Statistic:
    queryset = queryset if queryset is not None else Statistic.objects.all()
    statistic = (
        queryset.select_related("explainer")
        .filter(explainer_id=explainer_id, pk=statistic_id)
        .first()
    )
    if statistic is None:
        raise NotFound("This explainer has no statistic with this id.")
    return statistic


def current_version(explainer_id: int) -> int:
    return Explainer.objects.values_list("version", flat=True).get(pk=explainer_id)


def with_version(data, explainer_id: int, *, status_code=status.HTTP_200_OK):
    """An answer about part of an explainer, carrying the explainer's ETag."""
    return Response(
        data,
        status=status_code,
        headers={"ETag": version_etag(current_version(explainer_id))},
    )


def explainer_response(explainer_id: int, *, status_code=status.HTTP_200_OK):
    explainer = get_explainer(explainer_id, selectors.newsroom_explainer_detail())
    return Response(
        ExplainerSerializer(explainer).data,
        status=status_code,
        headers={"ETag": version_etag(explainer.version)},
    )


TAG = ["newsroom: explainers"]

# --- newsroom: explainers ------------------------------------------------------------


class ExplainerListView(NewsroomAPIView):
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="newsroom_explainers_list",
        summary="Explainers (working copies)",
        tags=TAG,
        parameters=[
            OpenApiParameter("state", enum=list(Explainer.State.values)),
            OpenApiParameter("conflict", str, description="Conflict slug."),
            OpenApiParameter("q", str, description="Words in title or slug."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={
            200: ExplainerSummarySerializer(many=True),
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def get(self, request):
        explainers = selectors.newsroom_explainers()
        params = request.query_params
        if params.get("state"):
            explainers = explainers.filter(state=params["state"])
        if params.get("conflict"):
            explainers = explainers.filter(conflict__slug=params["conflict"])
        for word in params.get("q", "").split():
            explainers = explainers.filter(
                Q(title__icontains=word) | Q(slug__icontains=word)
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(explainers, request, view=self)
        return paginator.get_paginated_response(
            ExplainerSummarySerializer(page, many=True).data
        )

    @extend_schema(
        operation_id="newsroom_explainers_create",
        summary="Create a draft",
        tags=TAG,
        request=ExplainerInputSerializer,
        responses={201: ExplainerSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request):
        require_edit(request.user)
        data = validated(ExplainerInputSerializer, request.data)
        explainer = content.explainer_create(actor=request.user, data=data)
        return explainer_response(explainer.pk, status_code=status.HTTP_201_CREATED)


class ExplainerDetailView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_explainers_retrieve",
        summary="One explainer with its boxes and statistics",
        description='The ETag is the explainer\'s version, e.g. "3"; send it back '
        "in If-Match with a change.",
        tags=TAG,
        responses={200: ExplainerSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id):
        return explainer_response(explainer_id)

    def _update(self, request, explainer_id, *, partial: bool):
        explainer = get_explainer(explainer_id)
        require_edit(request.user)
        expected = check_if_match(request, explainer.version)
        data = validated(ExplainerUpdateInputSerializer, request.data, partial=partial)
        body_version = data.pop("version", None)
        if body_version is not None:
            if expected is not None and body_version != expected:
                raise PreconditionFailed(
                    "The version field and the If-Match header name different "
                    "versions.",
                    current_version=explainer.version,
                )
            expected = body_version
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        return explainer_response(explainer.pk)

    @extend_schema(
        operation_id="newsroom_explainers_partial_update",
        summary="Change some fields",
        tags=TAG,
        parameters=[IF_MATCH],
        request=ExplainerUpdateInputSerializer(partial=True),
        responses={200: ExplainerSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, explainer_id):
        return self._update(request, explainer_id, partial=True)

    @extend_schema(
        operation_id="newsroom_explainers_update",
        summary="Replace the editable fields",
        description="Omitted optional fields are reset to empty; authors are "
        "kept when omitted.",
        tags=TAG,
        parameters=[IF_MATCH],
        request=ExplainerUpdateInputSerializer,
        responses={200: ExplainerSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request, explainer_id):
        return self._update(request, explainer_id, partial=False)

    @extend_schema(
        operation_id="newsroom_explainers_destroy",
        summary="Delete a never-published explainer (chief editors)",
        description="A published or archived explainer is unpublished instead "
        "(409), so the record of what readers saw is kept.",
        tags=TAG,
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        expected = check_if_match(request, explainer.version)
        content.explainer_delete(
            explainer_id=explainer.pk, actor=request.user, expected_version=expected
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExplainerChecksView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_explainers_checks",
        summary="The publication gate's problems",
        tags=TAG,
        responses={200: ChecksSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        found = gate.problems(explainer.pk)
        return Response(
            ChecksSerializer(
                {
                    "publishable": not gate.blocking(found),
                    "problems": [problem.as_dict() for problem in found],
                }
            ).data
        )


class ExplainerHistoryView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_explainers_history",
        summary="Saved versions and the workflow audit trail",
        tags=TAG,
        responses={200: HistorySerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        return Response(
            HistorySerializer(
                {
                    "records": selectors.explainer_history(explainer),
                    "transitions": explainer.transitions.select_related("actor"),
                }
            ).data
        )


def _transition_view(name: str, service, input_serializer, summary: str):
    """A POST endpoint that takes workflow transition ``name``."""

    class TransitionView(NewsroomAPIView):
        @extend_schema(
            operation_id=f"newsroom_explainers_{name}",
            summary=summary,
            tags=TAG,
            parameters=[IF_MATCH],
            request=input_serializer,
            responses={
                200: ExplainerSerializer,
                **error_responses(400, 401, 403, 404, 409, 412, 413, 429),
            },
        )
        def post(self, request, explainer_id):
            explainer = get_explainer(explainer_id)
            # If-Match binds a reviewer's decision to the version they read.
            expected = check_if_match(request, explainer.version)
            data = validated(input_serializer, request.data)
            service(
                explainer_id=explainer.pk,
                actor=request.user,
                expected_version=expected,
                **data,
            )
            return explainer_response(explainer.pk)

    TransitionView.__name__ = TransitionView.__qualname__ = (
        "".join(part.title() for part in name.split("_")) + "View"
    )
    return TransitionView


SubmitView = _transition_view(
    "submit",
    transitions.explainer_submit,
    CommentInputSerializer,
    "Submit for review (editor)",
)
RequestChangesView = _transition_view(
    "request_changes",
    transitions.explainer_request_changes,
    RequestChangesInputSerializer,
    "Request changes, with a comment (reviewer)",
)
ApproveView = _transition_view(
    "approve",
    transitions.explainer_approve,
    CommentInputSerializer,
    "Approve (a reviewer other than the authors and last editor)",
)
PublishView = _transition_view(
    "publish",
    transitions.explainer_publish,
    PublishInputSerializer,
    "Publish a new live revision (reviewer, chief); 409 lists the gate's problems",
)
UnpublishView = _transition_view(
    "unpublish",
    transitions.explainer_unpublish,
    CommentInputSerializer,
    "Unpublish and archive (chief); the public URL then answers 410",
)


# --- newsroom: findings of the detector -----------------------------------------------


def _finding_rows(explainer) -> list[dict]:
    context = gate.load_context(explainer.pk)
    return [
        {
            "fingerprint": f.fingerprint,
            "field": f.field.name,
            "box": f.field.box_id,
            "offset": f.start,
            "phrase": f.phrase,
            "sentence": f.sentence,
            "waived": f.fingerprint in context.waived,
        }
        for f in context.findings
    ]


class FindingListView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_findings_list",
        summary="Numbers the detector found outside statistic tokens",
        description="Each unwaived finding is also an `uncited_number` problem "
        "in checks/.",
        tags=TAG,
        responses={200: FindingSerializer(many=True), **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        return Response(FindingSerializer(_finding_rows(explainer), many=True).data)


class FindingWaiveView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_findings_waive",
        summary="Waive a finding that is not a statistic (reviewer), with a reason",
        tags=TAG,
        request=WaiveInputSerializer,
        responses={200: FindingSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id, fingerprint):
        explainer = get_explainer(explainer_id)
        data = validated(WaiveInputSerializer, request.data)
        finding_waive(
            explainer_id=explainer.pk,
            actor=request.user,
            fingerprint=fingerprint,
            reason=data["reason"],
        )
        rows = [r for r in _finding_rows(explainer) if r["fingerprint"] == fingerprint]
        if not rows:  # The text changed right after the waiver.
            raise NotFound("This finding is no longer in the text.")
        return Response(FindingSerializer(rows[0]).data)


class FindingMakeStatisticView(NewsroomAPIView):
    @extend_schema(
        operation_id="newsroom_findings_make_statistic",
        summary="Turn a finding into a statistic and place its token (editor)",
        tags=TAG,
        parameters=[IF_MATCH],
        request=MakeStatisticInputSerializer,
        responses={201: StatisticSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id, fingerprint):
        explainer = get_explainer(explainer_id)
        require_edit(request.user)
        check_if_match(request, explainer.version)
        data = validated(MakeStatisticInputSerializer, request.data)
        statistic = statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=request.user,
            fingerprint=fingerprint,
            **data,
        )
        return statistic_response(
            explainer.pk, statistic.pk, status_code=status.HTTP_201_CREATED
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


# --- newsroom: statistics ----------------------------------------------------------

STAT_TAG = ["newsroom: statistics"]


class StatisticListView(NewsroomAPIView):
    view_permission = "explainers.view_statistic"
    view_permission_label = "statistics"

    @extend_schema(
        operation_id="newsroom_statistics_list",
        summary="An explainer's statistics with their citations",
        tags=STAT_TAG,
        responses={
            200: StatisticSerializer(many=True),
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        statistics = selectors.statistics_with_citations().filter(explainer=explainer)
        return Response(
            StatisticSerializer(statistics.order_by("id"), many=True).data,
            headers={"ETag": version_etag(explainer.version)},
        )

    @extend_schema(
        operation_id="newsroom_statistics_create",
        summary="Add a statistic",
        tags=STAT_TAG,
        parameters=[IF_MATCH],
        request=StatisticInputSerializer,
        responses={201: StatisticSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id):
        explainer = get_explainer(explainer_id)
        require_edit(request.user)
        expected = check_if_match(request, explainer.version)
        data = validated(StatisticInputSerializer, request.data)
        statistic = content.statistic_create(
            explainer_id=explainer.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        return statistic_response(
            explainer.pk, statistic.pk, status_code=status.HTTP_201_CREATED
        )


def statistic_response(explainer_id, statistic_id, *, status_code=status.HTTP_200_OK):
    statistic = get_statistic(
        explainer_id, statistic_id, selectors.statistics_with_citations()
    )
    return Response(
        StatisticSerializer(statistic).data,
        status=status_code,
        headers={"ETag": version_etag(statistic.explainer.version)},
    )


class StatisticDetailView(NewsroomAPIView):
    view_permission = "explainers.view_statistic"
    view_permission_label = "statistics"

    @extend_schema(
        operation_id="newsroom_statistics_retrieve",
        summary="One statistic with its citations and review",
        tags=STAT_TAG,
        responses={200: StatisticSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id, statistic_id):
        return statistic_response(explainer_id, statistic_id)

    def _update(self, request, explainer_id, statistic_id, *, partial):
        statistic = get_statistic(explainer_id, statistic_id)
        require_edit(request.user)
        expected = check_if_match(request, statistic.explainer.version)
        data = validated(StatisticInputSerializer, request.data, partial=partial)
        content.statistic_update(
            statistic_id=statistic.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        return statistic_response(explainer_id, statistic.pk)

    @extend_schema(
        operation_id="newsroom_statistics_partial_update",
        summary="Change some fields of a statistic (its review lapses)",
        tags=STAT_TAG,
        parameters=[IF_MATCH],
        request=StatisticInputSerializer(partial=True),
        responses={200: StatisticSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, explainer_id, statistic_id):
        return self._update(request, explainer_id, statistic_id, partial=True)

    @extend_schema(
        operation_id="newsroom_statistics_update",
        summary="Replace a statistic (its review lapses)",
        tags=STAT_TAG,
        parameters=[IF_MATCH],
        request=StatisticInputSerializer,
        responses={200: StatisticSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request, explainer_id, statistic_id):
        return self._update(request, explainer_id, statistic_id, partial=False)

    @extend_schema(
        operation_id="newsroom_statistics_destroy",
        summary="Delete a statistic and its citations",
        tags=STAT_TAG,
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, explainer_id, statistic_id):
        statistic = get_statistic(explainer_id, statistic_id)
        require_edit(request.user)
        expected = check_if_match(request, statistic.explainer.version)
        content.statistic_delete(
            statistic_id=statistic.pk, actor=request.user, expected_version=expected
        )
        return Response(
            status=status.HTTP_204_NO_CONTENT,
            headers={"ETag": version_etag(current_version(explainer_id))},
        )


def _review_view(name: str, service, input_serializer, summary: str):
    class ReviewView(NewsroomAPIView):
        view_permission = "explainers.view_statistic"
        view_permission_label = "statistics"

        @extend_schema(
            operation_id=f"newsroom_statistics_{name}",
            summary=summary,
            tags=STAT_TAG,
            parameters=[IF_MATCH],
            request=input_serializer,
            responses={
                200: StatisticSerializer,
                **error_responses(400, 401, 403, 404, 409, 412, 413, 429),
            },
        )
        def post(self, request, explainer_id, statistic_id):
            statistic = get_statistic(explainer_id, statistic_id)
            # If-Match binds the decision to the content the reviewer read.
            expected = check_if_match(request, statistic.explainer.version)
            data = validated(input_serializer, request.data)
            service(
                statistic_id=statistic.pk,
                actor=request.user,
                expected_version=expected,
                **data,
            )
            return statistic_response(explainer_id, statistic.pk)

    ReviewView.__name__ = ReviewView.__qualname__ = f"Statistic{name.title()}View"
    return ReviewView


StatisticApproveView = _review_view(
    "approve",
    review.statistic_approve,
    ReviewNoteInputSerializer,
    "Approve a statistic (a reviewer other than its writer)",
)
StatisticRejectView = _review_view(
    "reject",
    review.statistic_reject,
    RejectInputSerializer,
    "Reject a statistic, saying why",
)
