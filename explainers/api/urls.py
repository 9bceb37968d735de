"""URLs of the explainers API, included under /api/v1/ (see newsroom.api_urls).

Boxes and statistics are nested under their explainer
(``newsroom/explainers/<id>/boxes/<box_id>/``), citations under their
statistic: a child is only found under its own explainer, and the explainer's
version (its ETag) guards every write.
"""

from django.urls import path

from explainers.api import views
from newsroom.api import converters  # noqa: F401  (registers <object_id:...>)

EXPLAINER = "newsroom/explainers/<object_id:explainer_id>/"
STATISTIC = EXPLAINER + "statistics/<object_id:statistic_id>/"
CITATIONS = STATISTIC + "citations/"
FINDING = EXPLAINER + "findings/<str:fingerprint>/"

public_urlpatterns = [
    path(
        "explainers/",
        views.PublicExplainerListView.as_view(),
        name="public-explainer-list",
    ),
    path(
        "explainers/<slug:slug>/",
        views.PublicExplainerDetailView.as_view(),
        name="public-explainer-detail",
    ),
]

newsroom_urlpatterns = [
    path(
        "newsroom/explainers/",
        views.ExplainerListView.as_view(),
        name="newsroom-explainer-list",
    ),
    path(EXPLAINER, views.ExplainerDetailView.as_view(), name="newsroom-explainer"),
    path(
        EXPLAINER + "checks/",
        views.ExplainerChecksView.as_view(),
        name="newsroom-explainer-checks",
    ),
    path(
        EXPLAINER + "history/",
        views.ExplainerHistoryView.as_view(),
        name="newsroom-explainer-history",
    ),
    path(EXPLAINER + "submit/", views.SubmitView.as_view(), name="newsroom-submit"),
    path(
        EXPLAINER + "request-changes/",
        views.RequestChangesView.as_view(),
        name="newsroom-request-changes",
    ),
    path(EXPLAINER + "approve/", views.ApproveView.as_view(), name="newsroom-approve"),
    path(EXPLAINER + "publish/", views.PublishView.as_view(), name="newsroom-publish"),
    path(
        EXPLAINER + "unpublish/",
        views.UnpublishView.as_view(),
        name="newsroom-unpublish",
    ),
    path(
        EXPLAINER + "schedule/", views.ScheduleView.as_view(), name="newsroom-schedule"
    ),
    path(
        EXPLAINER + "unschedule/",
        views.UnscheduleView.as_view(),
        name="newsroom-unschedule",
    ),
    path(
        EXPLAINER + "findings/",
        views.FindingListView.as_view(),
        name="newsroom-finding-list",
    ),
    path(
        FINDING + "waive/",
        views.FindingWaiveView.as_view(),
        name="newsroom-finding-waive",
    ),
    path(
        FINDING + "make-statistic/",
        views.FindingMakeStatisticView.as_view(),
        name="newsroom-finding-make-statistic",
    ),
    path(EXPLAINER + "boxes/", views.BoxListView.as_view(), name="newsroom-box-list"),
    path(
        EXPLAINER + "boxes/<object_id:box_id>/",
        views.BoxDetailView.as_view(),
        name="newsroom-box",
    ),
    path(
        EXPLAINER + "statistics/",
        views.StatisticListView.as_view(),
        name="newsroom-statistic-list",
    ),
    path(STATISTIC, views.StatisticDetailView.as_view(), name="newsroom-statistic"),
    path(
        STATISTIC + "approve/",
        views.StatisticApproveView.as_view(),
        name="newsroom-statistic-approve",
    ),
    path(
        STATISTIC + "reject/",
        views.StatisticRejectView.as_view(),
        name="newsroom-statistic-reject",
    ),
    path(CITATIONS, views.CitationListView.as_view(), name="newsroom-citation-list"),
    path(
        CITATIONS + "<object_id:citation_id>/",
        views.CitationDetailView.as_view(),
        name="newsroom-citation",
    ),
]

urlpatterns = public_urlpatterns + newsroom_urlpatterns
