"""The newsroom API's source uses and editorial status.

``GET /api/v1/newsroom/sources/<id>/uses/`` lists every statistic, explainer
(draft or live) and published revision citing a source, to anyone who may
read sources, in a fixed number of queries. ``POST .../status/`` marks it
current, corrected or retracted: reviewers and chief editors only.
"""

import pytest

from explainers.models import Statistic
from sources.models import Citation, Source
from tests.explainers.workflow_helpers import make_draft, make_published_citing
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def uses_url(source) -> str:
    return f"/api/v1/newsroom/sources/{source.pk}/uses/"


def status_url(source) -> str:
    return f"/api/v1/newsroom/sources/{source.pk}/status/"


def test_uses_lists_statistics_explainers_and_revisions(as_editor, editor, reviewer):
    source = SourceFactory.create()
    live = make_published_citing(source, editor, reviewer, slug="live")
    draft = make_draft(editor, slug="draft")
    Citation.objects.filter(statistic__explainer=draft).update(source=source)

    body = as_editor.get(uses_url(source)).json()

    assert body["source"] == source.pk
    assert {s["explainer_id"] for s in body["statistics"]} == {live.pk, draft.pk}
    explainers = {e["slug"]: e for e in body["explainers"]}
    assert explainers["live"]["state"] == "published"
    assert explainers["live"]["live_cites"] is True
    assert explainers["draft"]["state"] == "draft"
    assert explainers["draft"]["live_cites"] is False
    assert explainers["draft"]["draft_cites"] is True
    [revision] = body["revisions"]
    assert (revision["explainer_id"], revision["number"], revision["live"]) == (
        live.pk,
        1,
        True,
    )
    assert body["truncated"] == []


def test_a_revision_keeps_citing_after_the_draft_drops_the_source(
    as_editor, editor, reviewer
):
    source = SourceFactory.create()
    live = make_published_citing(source, editor, reviewer)
    Citation.objects.filter(statistic__explainer=live).update(
        source=SourceFactory.create()
    )

    body = as_editor.get(uses_url(source)).json()

    assert body["statistics"] == []
    [explainer] = body["explainers"]
    assert (explainer["draft_cites"], explainer["live_cites"]) == (False, True)
    assert len(body["revisions"]) == 1


@pytest.mark.parametrize("explainers", [1, 4])
def test_uses_costs_the_same_queries_for_one_or_many_explainers(
    explainers, as_editor, editor, reviewer, django_assert_num_queries
):
    source = SourceFactory.create()
    for letter in "abcd"[:explainers]:
        make_published_citing(source, editor, reviewer, slug=f"uses-{letter}")
    # The token and its user, the role (two permission reads), the source;
    # then the statistics, explainers and revisions citing it.
    with django_assert_num_queries(7):
        response = as_editor.get(uses_url(source))
    assert len(response.json()["statistics"]) == explainers


@pytest.mark.parametrize("persona", ["as_editor", "as_reviewer", "as_chief"])
def test_every_newsroom_role_reads_uses(persona, request):
    source = SourceFactory.create()
    assert request.getfixturevalue(persona).get(uses_url(source)).status_code == 200


def test_uses_is_refused_without_a_role_or_credentials(as_outsider, anon):
    source = SourceFactory.create()
    refused = as_outsider.get(uses_url(source))
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert anon.get(uses_url(source)).status_code == 401


def test_uses_of_an_unknown_source_is_404(as_editor):
    response = as_editor.get("/api/v1/newsroom/sources/999999/uses/")
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["as_reviewer", "as_chief"])
def test_reviewers_and_chief_editors_retract_a_source(
    persona, request, editor, reviewer
):
    source = SourceFactory.create()
    make_published_citing(source, editor, reviewer)
    client = request.getfixturevalue(persona)

    response = client.post(
        status_url(source),
        {"status": "retracted", "note": "Withdrawn by the ministry."},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["status_note"]) == (
        "retracted",
        "Withdrawn by the ministry.",
    )
    assert body["status_changed_by"] == client.user.username
    assert not Statistic.objects.filter(review_state="approved").exists()


@pytest.mark.parametrize("persona", ["as_editor", "as_outsider"])
def test_editors_and_outsiders_may_not_mark_a_source(
    persona, request, editor, reviewer
):
    source = SourceFactory.create()
    make_published_citing(source, editor, reviewer)

    response = request.getfixturevalue(persona).post(
        status_url(source), {"status": "retracted", "note": "No."}, format="json"
    )

    assert response.status_code == 403
    assert Source.objects.get(pk=source.pk).status == "current"
    assert Statistic.objects.filter(review_state="approved").count() == 1


def test_a_retraction_without_a_note_is_refused_and_changes_nothing(as_reviewer):
    source = SourceFactory.create()
    response = as_reviewer.post(
        status_url(source), {"status": "retracted"}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert Source.objects.get(pk=source.pk).status == "current"


def test_an_unknown_status_or_field_is_refused(as_reviewer):
    source = SourceFactory.create()
    for body in ({"status": "doubtful"}, {"status": "current", "colour": "red"}):
        response = as_reviewer.post(status_url(source), body, format="json")
        assert response.status_code == 400


def test_the_schema_documents_uses_and_status(anon):
    paths = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "get" in paths["/api/v1/newsroom/sources/{source_id}/uses/"]
    assert "post" in paths["/api/v1/newsroom/sources/{source_id}/status/"]
