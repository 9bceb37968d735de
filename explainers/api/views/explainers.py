"""Newsroom API: explainers, their checks, history, transitions and findings."""

from typing import Any

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from explainers import gate
from explainers import selectors as site_selectors
from explainers.api import selectors
from explainers.api.serializers import (
    ChecksSerializer,
    CommentInputSerializer,
    ExplainerInputSerializer,
    ExplainerSerializer,
    ExplainerSummarySerializer,
    ExplainerUpdateInputSerializer,
    FindingSerializer,
    HistorySerializer,
    MakeStatisticInputSerializer,
    PublishInputSerializer,
    RequestChangesInputSerializer,
    ScheduleInputSerializer,
    StatisticSerializer,
    UnscheduleInputSerializer,
    WaiveInputSerializer,
)
from explainers.api.views.bases import DecisionView, decision_schema
from explainers.api.views.lookups import (
    explainer_response,
    get_explainer,
    statistic_response,
)
from explainers.models import Explainer
from explainers.permissions import require_edit
from explainers.services import content, scheduling, transitions
from explainers.services.findings import (
    finding_waive,
    statistic_create_from_finding,
)
from newsroom.api.created import LOCATION, location
from newsroom.api.errors import PreconditionFailed
from newsroom.api.pagination import StandardPagination
from newsroom.api.serializers import validated
from newsroom.api.views import (
    DECISION_ERRORS,
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    NewsroomAPIView,
    check_if_match,
    error_responses,
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
        parameters=[LOCATION],
        responses={201: ExplainerSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request):
        require_edit(request.user)
        data = validated(ExplainerInputSerializer, request.data)
        explainer = content.explainer_create(actor=request.user, data=data)
        response = explainer_response(explainer.pk, status_code=status.HTTP_201_CREATED)
        response["Location"] = location(
            request, "newsroom-explainer", explainer_id=explainer.pk
        )
        return response


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


# A workflow transition of the explainer.
class TransitionView(DecisionView):
    serializer_class = ExplainerSerializer

    def get_subject(self) -> Explainer:
        return get_explainer(self.kwargs["explainer_id"])

    def decided(self, explainer: Explainer, /) -> Response:
        return explainer_response(explainer.pk)


@decision_schema("newsroom_explainers_submit", "Submit for review (editor)", tags=TAG)
class SubmitView(TransitionView):
    input_serializer_class = CommentInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        transitions.explainer_submit(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_request_changes",
    "Request changes, with a comment (reviewer)",
    tags=TAG,
)
class RequestChangesView(TransitionView):
    input_serializer_class = RequestChangesInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        transitions.explainer_request_changes(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_approve",
    "Approve (a reviewer other than the authors and last editor)",
    tags=TAG,
)
class ApproveView(TransitionView):
    input_serializer_class = CommentInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        transitions.explainer_approve(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_publish",
    "Publish a new live revision (reviewer, chief); 409 lists the gate's problems",
    tags=TAG,
)
class PublishView(TransitionView):
    input_serializer_class = PublishInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        transitions.explainer_publish(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_unpublish",
    "Unpublish and archive (chief); the public URL then answers 410",
    tags=TAG,
)
class UnpublishView(TransitionView):
    input_serializer_class = CommentInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        transitions.explainer_unpublish(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_schedule",
    "Schedule publishing (reviewer) or archiving (chief) at a time; the gate "
    "is checked now and again at that time",
    tags=TAG,
)
class ScheduleView(TransitionView):
    input_serializer_class = ScheduleInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        scheduling.explainer_schedule(explainer_id=explainer.pk, **kwargs)


@decision_schema(
    "newsroom_explainers_unschedule",
    "Cancel a scheduled publication or archiving",
    tags=TAG,
)
class UnscheduleView(TransitionView):
    input_serializer_class = UnscheduleInputSerializer

    def decide(self, explainer: Explainer, /, **kwargs: Any) -> None:
        scheduling.explainer_unschedule(explainer_id=explainer.pk, **kwargs)


# --- newsroom: findings of the detector -----------------------------------------------


def _finding_rows(explainer) -> list[dict]:
    context = site_selectors.load_context(explainer.pk)
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
        parameters=[IF_MATCH],
        request=WaiveInputSerializer,
        responses={200: FindingSerializer, **error_responses(*DECISION_ERRORS)},
    )
    def post(self, request, explainer_id, fingerprint):
        explainer = get_explainer(explainer_id)
        expected = check_if_match(request, explainer.version)
        data = validated(WaiveInputSerializer, request.data)
        finding_waive(
            explainer_id=explainer.pk,
            actor=request.user,
            fingerprint=fingerprint,
            reason=data["reason"],
            expected_version=expected,
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
        parameters=[IF_MATCH, LOCATION],
        request=MakeStatisticInputSerializer,
        responses={201: StatisticSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id, fingerprint):
        explainer = get_explainer(explainer_id)
        require_edit(request.user)
        expected = check_if_match(request, explainer.version)
        data = validated(MakeStatisticInputSerializer, request.data)
        statistic = statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=request.user,
            fingerprint=fingerprint,
            expected_version=expected,
            **data,
        )
        response = statistic_response(
            explainer.pk, statistic.pk, status_code=status.HTTP_201_CREATED
        )
        response["Location"] = location(
            request,
            "newsroom-statistic",
            explainer_id=explainer.pk,
            statistic_id=statistic.pk,
        )
        return response
