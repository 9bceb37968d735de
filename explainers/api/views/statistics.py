"""Newsroom API: an explainer's statistics and their review."""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from explainers.api import selectors
from explainers.api.serializers import (
    RejectInputSerializer,
    ReviewNoteInputSerializer,
    StatisticInputSerializer,
    StatisticSerializer,
)
from explainers.api.views.bases import (
    DecisionView,
    NestedDetailView,
    NestedListView,
    decision_schema,
    nested_schema,
)
from explainers.api.views.lookups import (
    get_explainer,
    get_statistic,
    statistic_response,
)
from explainers.models import Explainer, Statistic
from explainers.services import content, review

STAT_TAGS = ["newsroom: statistics"]


class StatisticViews:
    view_permission = "explainers.view_statistic"
    view_permission_label = "statistics"
    serializer_class: type[BaseSerializer] = StatisticSerializer
    input_serializer_class: type[BaseSerializer] = StatisticInputSerializer

    def written(
        self,
        statistic: Model,
        explainer_id: int,
        *,
        status_code: int = status.HTTP_200_OK,
    ) -> Response:
        # Read again with the citations the answer lists.
        return statistic_response(explainer_id, statistic.pk, status_code=status_code)


@nested_schema(
    "statistics",
    tags=STAT_TAGS,
    list="An explainer's statistics with their citations",
    create="Add a statistic",
)
class StatisticListView(StatisticViews, NestedListView):
    detail_url_name, detail_url_kwarg = "newsroom-statistic", "statistic_id"

    def get_parent(self) -> Explainer:
        return get_explainer(self.kwargs["explainer_id"])

    def get_rows(self, explainer: Explainer, /) -> QuerySet[Statistic]:
        statistics = selectors.statistics_with_citations().filter(explainer=explainer)
        return statistics.order_by("id")

    def create(self, explainer: Explainer, /, **kwargs: Any) -> Statistic:
        return content.statistic_create(explainer_id=explainer.pk, **kwargs)


@nested_schema(
    "statistics",
    tags=STAT_TAGS,
    retrieve="One statistic with its citations and review",
    partial_update="Change some fields of a statistic (its review lapses)",
    update="Replace a statistic (its review lapses)",
    destroy="Delete a statistic and its citations",
)
class StatisticDetailView(StatisticViews, NestedDetailView):
    def get(self, request: Request, **kwargs: Any) -> Response:
        # Read with the citations the answer lists.
        return statistic_response(kwargs["explainer_id"], kwargs["statistic_id"])

    def get_row(self) -> Statistic:
        return get_statistic(self.kwargs["explainer_id"], self.kwargs["statistic_id"])

    def update(self, statistic: Statistic, /, **kwargs: Any) -> Statistic:
        return content.statistic_update(statistic_id=statistic.pk, **kwargs)

    def destroy(self, statistic: Statistic, /, **kwargs: Any) -> None:
        content.statistic_delete(statistic_id=statistic.pk, **kwargs)


# A reviewer's approval or rejection of a statistic.
class StatisticDecisionView(StatisticViews, DecisionView):
    def get_subject(self) -> Statistic:
        return get_statistic(self.kwargs["explainer_id"], self.kwargs["statistic_id"])

    def decided(self, statistic: Statistic, /) -> Response:
        return statistic_response(statistic.explainer_id, statistic.pk)


@decision_schema(
    "newsroom_statistics_approve",
    "Approve a statistic (a reviewer other than its writer)",
    tags=STAT_TAGS,
)
class StatisticApproveView(StatisticDecisionView):
    input_serializer_class = ReviewNoteInputSerializer

    def decide(self, statistic: Statistic, /, **kwargs: Any) -> None:
        review.statistic_approve(statistic_id=statistic.pk, **kwargs)


@decision_schema(
    "newsroom_statistics_reject",
    "Reject a statistic, saying why",
    tags=STAT_TAGS,
)
class StatisticRejectView(StatisticDecisionView):
    input_serializer_class = RejectInputSerializer

    def decide(self, statistic: Statistic, /, **kwargs: Any) -> None:
        review.statistic_reject(statistic_id=statistic.pk, **kwargs)
