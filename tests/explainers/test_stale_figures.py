"""Stale figures: a statistic's as-of date plus the review interval of its kind.

Issue 13, point 4: defaults by kind (days for a running toll, years for a
census) with an optional override in days; past it the figure is stale:
listed for editors (a selector and an admin filter), a warning in the
checklist (``statistic_stale``, never blocking), and readers always see
"as of DATE" beside a figure in the sources list and in the public API.
"""

import datetime

import pytest

from explainers import gate, upkeep
from explainers.models import Statistic
from explainers.services import content
from tests.api.conftest import token_client
from tests.explainers.workflow_helpers import make_draft, make_published
from tests.factories import StatisticFactory
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = pytest.mark.django_db

Kind = Statistic.FigureKind
AS_OF = datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "override", "due"),
    [
        (Kind.RUNNING_TOLL, None, datetime.date(2026, 3, 8)),
        (Kind.DISPLACEMENT, None, datetime.date(2026, 3, 31)),
        (Kind.SURVEY, None, datetime.date(2031, 2, 28)),
        (Kind.OTHER, None, datetime.date(2027, 3, 1)),
        (Kind.RUNNING_TOLL, 2, datetime.date(2026, 3, 3)),
    ],
)
def test_the_review_date_follows_the_kind_or_the_override(kind, override, due):
    statistic = StatisticFactory.create(
        as_of=AS_OF, figure_kind=kind, review_interval_days=override
    )
    statistic.refresh_from_db()
    assert statistic.review_due == due


def test_a_figure_without_an_as_of_date_is_never_stale():
    statistic = StatisticFactory.create(
        as_of=None, figure_kind=Kind.RUNNING_TOLL, review_interval_days=None
    )
    assert statistic.review_due is None
    assert not upkeep.stale_statistics(datetime.date(2100, 1, 1)).exists()


def test_editing_the_kind_through_the_service_moves_the_review_date(editor):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()

    content.statistic_update(
        statistic_id=statistic.pk,
        actor=editor,
        data={
            "as_of": AS_OF,
            "figure_kind": Kind.RUNNING_TOLL,
            "review_interval_days": None,
        },
    )

    statistic.refresh_from_db()
    assert statistic.review_due == datetime.date(2026, 3, 8)
    assert statistic.history.first().review_due == statistic.review_due


def test_the_stale_selector_lists_figures_past_their_date_longest_overdue_first():
    toll, census, older = (
        StatisticFactory.create(
            as_of=as_of, figure_kind=kind, review_interval_days=None
        )
        for as_of, kind in (
            (AS_OF, Kind.RUNNING_TOLL),
            (AS_OF, Kind.SURVEY),
            (datetime.date(2026, 1, 1), Kind.DISPLACEMENT),
        )
    )

    on = datetime.date(2026, 4, 1)
    assert list(upkeep.stale_statistics(on)) == [older, toll]
    assert census not in upkeep.stale_statistics(datetime.date(2031, 2, 28))
    assert census in upkeep.stale_statistics(datetime.date(2031, 3, 1))


def test_a_stale_figure_is_a_warning_that_does_not_block_publishing(editor, reviewer):
    explainer = make_published(editor, reviewer)
    statistic = explainer.statistics.get()
    Statistic.objects.filter(pk=statistic.pk).update(
        review_due=datetime.date(2000, 1, 1)
    )

    [stale] = [p for p in gate.problems(explainer.pk) if p.code == "statistic_stale"]

    assert stale.severity == gate.WARNING
    assert stale.location["statistic_id"] == statistic.pk
    assert "as of 1 January 2025" in stale.message
    assert stale not in gate.blocking(gate.problems(explainer.pk))


def test_a_fresh_figure_gets_no_warning(editor):
    explainer = make_draft(editor)
    explainer.statistics.update(review_due=datetime.date(2999, 1, 1))
    codes = {p.code for p in gate.problems(explainer.pk)}
    assert "statistic_stale" not in codes


def test_the_statistic_admin_filters_stale_figures(client, chief, editor):
    stale = StatisticFactory.create(
        as_of=AS_OF, figure_kind=Kind.RUNNING_TOLL, review_interval_days=None
    )
    StatisticFactory.create(as_of=None)
    verified_login(client, chief)

    response = client.get("/admin/explainers/statistic/?stale=yes")

    assert response.status_code == 200
    assert [s.pk for s in response.context["cl"].result_list] == [stale.pk]


def test_readers_see_as_of_beside_each_figure_in_the_sources_list(
    client, editor, reviewer
):
    explainer = make_published(editor, reviewer)

    html = client.get(f"/explainers/{explainer.slug}/").content.decode()

    assert (
        'Supports “<span class="stat">more than 1,000 people</span>” '
        '(as of <time datetime="2025-01-01">1 January 2025</time>)'
    ) in html


def test_the_public_api_gives_each_figure_its_as_of_date(client, editor, reviewer):
    explainer = make_published(editor, reviewer)
    body = client.get(f"/api/v1/explainers/{explainer.slug}/").json()
    assert body["statistics"][0]["as_of"] == "2025-01-01"


def test_the_newsroom_api_sets_the_kind_and_interval(editor):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    client = token_client(editor)

    response = client.patch(
        f"/api/v1/newsroom/explainers/{explainer.pk}/statistics/{statistic.pk}/",
        {"figure_kind": "running_toll", "review_interval_days": 3},
        format="json",
        HTTP_IF_MATCH=f'"{seen(explainer.pk)}"',
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["figure_kind"], body["review_interval_days"]) == ("running_toll", 3)
    assert body["review_due"] == "2025-01-04"


def test_the_newsroom_api_refuses_an_interval_out_of_range(editor):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    response = token_client(editor).patch(
        f"/api/v1/newsroom/explainers/{explainer.pk}/statistics/{statistic.pk}/",
        {"review_interval_days": 0},
        format="json",
    )
    assert response.status_code == 400
    statistic.refresh_from_db()
    assert statistic.review_interval_days == 36500  # the factory's, unchanged
