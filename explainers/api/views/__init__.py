"""Views of the explainers API.

Public views serve live revisions only. Newsroom views are thin: they look
the object up, check If-Match, validate the body's shape with an input
serializer and call the service that writes; the service decides who may
and what is possible (see ``newsroom.api.errors`` for the answers).
"""

from explainers.api.views.boxes import BoxDetailView, BoxListView
from explainers.api.views.citations import CitationDetailView, CitationListView
from explainers.api.views.explainers import (
    ApproveView,
    ExplainerChecksView,
    ExplainerDetailView,
    ExplainerHistoryView,
    ExplainerListView,
    FindingListView,
    FindingMakeStatisticView,
    FindingWaiveView,
    PublishView,
    RequestChangesView,
    ScheduleView,
    SubmitView,
    UnpublishView,
    UnscheduleView,
)
from explainers.api.views.public import (
    PublicExplainerDetailView,
    PublicExplainerListView,
)
from explainers.api.views.statistics import (
    StatisticApproveView,
    StatisticDetailView,
    StatisticListView,
    StatisticRejectView,
)

__all__ = [
    "ApproveView",
    "BoxDetailView",
    "BoxListView",
    "CitationDetailView",
    "CitationListView",
    "ExplainerChecksView",
    "ExplainerDetailView",
    "ExplainerHistoryView",
    "ExplainerListView",
    "FindingListView",
    "FindingMakeStatisticView",
    "FindingWaiveView",
    "PublicExplainerDetailView",
    "PublicExplainerListView",
    "PublishView",
    "RequestChangesView",
    "ScheduleView",
    "StatisticApproveView",
    "StatisticDetailView",
    "StatisticListView",
    "StatisticRejectView",
    "SubmitView",
    "UnpublishView",
    "UnscheduleView",
]
