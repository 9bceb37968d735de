"""Newsroom API: an explainer's statistics and their review."""

from rest_framework import status

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
from explainers.services import content, review

STAT_TAGS = ["newsroom: statistics"]


class StatisticViews:
    view_permission = "explainers.view_statistic"
    view_permission_label = "statistics"
    serializer_class = StatisticSerializer
    input_serializer_class = StatisticInputSerializer

    def written(self, statistic, explainer_id, *, status_code=status.HTTP_200_OK):
        # Read again with the citations the answer lists.
        return statistic_response(explainer_id, statistic.pk, status_code=status_code)


@nested_schema(
    "statistics",
    tags=STAT_TAGS,
    list="An explainer's statistics with their citations",
    create="Add a statistic",
)
class StatisticListView(StatisticViews, NestedListView):
    def get_parent(self, *, explainer_id):
        return get_explainer(explainer_id)

    def get_rows(self, explainer):
        statistics = selectors.statistics_with_citations().filter(explainer=explainer)
        return statistics.order_by("id")

    def create(self, explainer, **kwargs):
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
    def get(self, request, *, explainer_id, statistic_id):
        # Read with the citations the answer lists.
        return statistic_response(explainer_id, statistic_id)

    def get_row(self, *, explainer_id, statistic_id):
        return get_statistic(explainer_id, statistic_id)

    def update(self, statistic, **kwargs):
        return content.statistic_update(statistic_id=statistic.pk, **kwargs)

    def destroy(self, statistic, **kwargs):
        content.statistic_delete(statistic_id=statistic.pk, **kwargs)


# A reviewer's approval or rejection of a statistic.
class StatisticDecisionView(StatisticViews, DecisionView):
    def get_subject(self, *, explainer_id, statistic_id):
        return get_statistic(explainer_id, statistic_id)

    def decided(self, statistic):
        return statistic_response(statistic.explainer_id, statistic.pk)


@decision_schema(
    "newsroom_statistics_approve",
    "Approve a statistic (a reviewer other than its writer)",
    tags=STAT_TAGS,
)
class StatisticApproveView(StatisticDecisionView):
    input_serializer_class = ReviewNoteInputSerializer

    def decide(self, statistic, **kwargs):
        review.statistic_approve(statistic_id=statistic.pk, **kwargs)


@decision_schema(
    "newsroom_statistics_reject",
    "Reject a statistic, saying why",
    tags=STAT_TAGS,
)
class StatisticRejectView(StatisticDecisionView):
    input_serializer_class = RejectInputSerializer

    def decide(self, statistic, **kwargs):
        review.statistic_reject(statistic_id=statistic.pk, **kwargs)
