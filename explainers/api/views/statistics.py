"""Newsroom API: an explainer's statistics and their review."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from explainers.api import selectors
from explainers.api.serializers import (
    RejectInputSerializer,
    ReviewNoteInputSerializer,
    StatisticInputSerializer,
    StatisticSerializer,
)
from explainers.api.views.lookups import (
    current_version,
    get_explainer,
    get_statistic,
    statistic_response,
)
from explainers.permissions import require_edit
from explainers.services import content, review
from newsroom.api.etags import (
    version_etag,
)
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
                **error_responses(*DECISION_ERRORS),
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
