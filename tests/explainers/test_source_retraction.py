"""A source retracted after publication: the gate, readers and editors.

Issue 13, point 3: the gate refuses a claim citing a retracted source
(``source_retracted``, in a fixed number of queries); readers of a live page
see a short notice beside each figure citing it, and in the sources list and
the public API, until a correction is published; the page stays at two
queries and its cached copy is replaced. Live explainers citing a retracted
source or a dead link are listed for editors.
"""

import pytest

from explainers import gate, upkeep, views
from explainers.errors import PublicationBlocked
from explainers.models import Statistic
from explainers.services import content, transitions
from sources.models import Citation, Source
from sources.services import source_mark_status
from tests.explainers.workflow_helpers import (
    approve_statistics_in_bulk,
    make_draft,
    make_published_citing,
    reapprove_and_republish,
    reload,
)
from tests.factories import SourceFactory
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = pytest.mark.django_db

NOTE = "The ministry withdrew the report: its casualty table was double-counted."


@pytest.fixture(autouse=True)
def fresh_page_cache():
    views.page_cache.clear()
    yield
    views.page_cache.clear()


def retract(source, actor):
    source_mark_status(source_id=source.pk, status="retracted", note=NOTE, actor=actor)


# --- The gate ------------------------------------------------------------------


def _draft_citing_retracted(editor, reviewer, chief, statistics: int):
    source = SourceFactory.create(title="Casualty report")
    retract(source, chief)
    explainer = make_draft(editor, statistics=statistics)
    Citation.objects.filter(statistic__explainer=explainer).update(source=source)
    approve_statistics_in_bulk(explainer, reviewer)
    return explainer, source


@pytest.mark.parametrize("statistics", [5, 50])
def test_the_gate_refuses_every_claim_citing_a_retracted_source_in_fixed_queries(
    statistics, editor, reviewer, chief, django_assert_num_queries
):
    explainer, source = _draft_citing_retracted(editor, reviewer, chief, statistics)

    # The same six queries as every gate check: the status is read with the
    # cited sources (GATE_QUERIES in test_gate.py).
    with django_assert_num_queries(6):
        found = gate.problems(explainer.pk)

    retracted = [p for p in found if p.code == "source_retracted"]
    assert len(retracted) == statistics
    assert all(p.severity == gate.ERROR for p in retracted)
    assert retracted[0].location["source"] == source.pk
    assert NOTE in retracted[0].message


def test_publishing_a_claim_citing_a_retracted_source_is_refused(
    editor, reviewer, chief
):
    explainer, _ = _draft_citing_retracted(editor, reviewer, chief, 1)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )

    with pytest.raises(PublicationBlocked) as refused:
        transitions.explainer_publish(
            explainer_id=explainer.pk,
            actor=reviewer,
            expected_version=seen(explainer.pk),
        )

    assert "source_retracted" in {p.code for p in refused.value.problems}
    assert reload(explainer).live_revision_id is None


def test_a_corrected_source_does_not_block(editor, reviewer, chief):
    source = SourceFactory.create()
    explainer = make_draft(editor)
    Citation.objects.filter(statistic__explainer=explainer).update(source=source)
    source_mark_status(
        source_id=source.pk, status="corrected", note="Table 2 fixed.", actor=chief
    )
    assert "source_retracted" not in {p.code for p in gate.problems(explainer.pk)}


# --- Readers -------------------------------------------------------------------


def test_readers_see_a_notice_beside_the_figure_and_in_the_sources_list(
    client, editor, reviewer, chief, django_assert_num_queries
):
    source = SourceFactory.create(title="Casualty report")
    explainer = make_published_citing(source, editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    before = client.get(url)
    assert "stat-notice" not in before.content.decode()

    retract(source, chief)

    # The cached page is replaced, still in two queries (the status row
    # carries the notices), then one.
    with django_assert_num_queries(2):
        after = client.get(url)
    with django_assert_num_queries(1):
        client.get(url)
    html = after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert (
        '<span class="stat" data-stat="figure-1">more than 1,000 people</span>' in html
    )
    assert "its source was retracted after publication" in html
    assert '<a href="#source-1">see source 1</a>' in html
    assert "Retracted by its publisher" in html
    assert NOTE in html
    # A conditional request with the old ETag gets the new page.
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_the_public_api_carries_the_notice(client, editor, reviewer, chief):
    source = SourceFactory.create()
    explainer = make_published_citing(source, editor, reviewer)
    url = f"/api/v1/explainers/{explainer.slug}/"
    before = client.get(url)
    assert before.json()["statistics"][0]["notices"] == []

    retract(source, chief)

    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    body = after.json()
    [notice] = body["statistics"][0]["notices"]
    assert notice["source_id"] == source.pk
    assert (notice["status"], notice["note"]) == ("retracted", NOTE)
    assert body["sources"][0]["notice"]["note"] == NOTE


def test_publishing_a_correction_takes_the_notice_down(client, editor, reviewer, chief):
    source = SourceFactory.create()
    explainer = make_published_citing(source, editor, reviewer)
    retract(source, chief)
    # The editor cites another source and says so.
    citation = Citation.objects.get(statistic__explainer=explainer)
    content.citation_update(
        citation_id=citation.pk, actor=editor, data={"source": SourceFactory.create()}
    )
    reapprove_and_republish(
        explainer,
        editor=editor,
        reviewer=reviewer,
        correction="The figure now cites the agency's own count.",
    )

    html = client.get(f"/explainers/{explainer.slug}/").content.decode()
    assert "stat-notice" not in html
    assert NOTE not in html
    assert reload(explainer).listing.source_notices == {}


def test_marking_the_source_current_again_takes_the_notice_down(
    client, editor, reviewer, chief
):
    source = SourceFactory.create()
    explainer = make_published_citing(source, editor, reviewer)
    retract(source, chief)
    source_mark_status(source_id=source.pk, status="current", note="", actor=chief)
    assert "stat-notice" not in client.get(f"/explainers/{explainer.slug}/").text


# --- Editors -------------------------------------------------------------------


def test_live_explainers_citing_a_retracted_or_dead_source_are_listed(
    editor, reviewer, chief
):
    retracted, dead, fine = (SourceFactory.create() for _ in range(3))
    cites_retracted = make_published_citing(retracted, editor, reviewer, slug="ret")
    cites_dead = make_published_citing(dead, editor, reviewer, slug="dead")
    make_published_citing(fine, editor, reviewer, slug="fine")
    retract(retracted, chief)
    Source.objects.filter(pk=dead.pk).update(
        link_status="dead",
        archive_url="https://web.archive.org/x",
        archive_date="2026-11-02",
    )

    def slugs(reason=None):
        found = upkeep.live_citing_flagged_sources(reason)
        return sorted(found.values_list("slug", flat=True))

    assert slugs() == sorted([cites_retracted.slug, cites_dead.slug])
    assert slugs("retracted") == [cites_retracted.slug]
    assert slugs("dead") == [cites_dead.slug]


def test_the_explainer_admin_filters_live_explainers_citing_flagged_sources(
    client, editor, reviewer, chief
):
    retracted = SourceFactory.create()
    flagged = make_published_citing(retracted, editor, reviewer, slug="ret")
    make_published_citing(SourceFactory.create(), editor, reviewer, slug="fine")
    retract(retracted, chief)
    verified_login(client, chief)

    response = client.get("/admin/explainers/explainer/?cites=retracted")
    assert response.status_code == 200, response

    assert [e.pk for e in response.context["cl"].result_list] == [flagged.pk]


def test_statistics_lapsed_by_a_retraction_go_back_to_review(editor, reviewer, chief):
    source = SourceFactory.create()
    explainer = make_published_citing(source, editor, reviewer)
    retract(source, chief)
    assert explainer.statistics.get().review_state == Statistic.ReviewState.PENDING


def test_a_key_figure_whose_source_was_retracted_carries_the_notice(
    client, editor, reviewer, chief
):
    source = SourceFactory.create()
    explainer = make_draft(editor)
    Citation.objects.filter(statistic__explainer=explainer).update(source=source)
    explainer.statistics.update(key_figure=1)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    approve_statistics_in_bulk(explainer, reviewer)
    for name in ("approve", "publish"):
        getattr(transitions, f"explainer_{name}")(
            explainer_id=explainer.pk,
            actor=reviewer,
            expected_version=seen(explainer.pk),
        )

    retract(source, chief)

    html = client.get(f"/explainers/{explainer.slug}/").content.decode()
    panel = html[html.index('class="key-figures"') : html.index("</section>")]
    assert "its source was retracted after publication" in panel
