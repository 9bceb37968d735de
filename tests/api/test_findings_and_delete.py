"""Detector findings through the API, explainer deletion, If-Match on decisions."""

import pytest

from explainers.findings import Field, find_in
from explainers.models import Explainer, Statistic, Waiver
from tests.api.helpers import assert_error, world
from tests.explainers.workflow_helpers import make_in_review, make_published
from tests.factories import ExplainerFactory

pytestmark = pytest.mark.django_db

BODY = "Shelling displaced 40,000 people. Talks began in 1994."


def _url(explainer, tail=""):
    return f"/api/v1/newsroom/explainers/{explainer.pk}/{tail}"


def _findings(client, explainer):
    response = client.get(_url(explainer, "findings/"))
    assert response.status_code == 200
    return response.json()


def test_findings_list_what_the_gate_reports(as_editor, editor):
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    rows = _findings(as_editor, explainer)
    assert [(r["phrase"], r["field"], r["waived"]) for r in rows] == [
        ("40,000 people", "body", False)
    ]
    assert BODY[rows[0]["offset"] :].startswith("40,000 people")


def test_reviewer_waives_with_a_reason(as_reviewer, editor):
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    fingerprint = _findings(as_reviewer, explainer)[0]["fingerprint"]
    response = as_reviewer.post(
        _url(explainer, f"findings/{fingerprint}/waive/"),
        {"reason": "Quoted headline figure, cited elsewhere"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["waived"] is True
    assert Waiver.objects.get().waived_by.username == "reviewer"


@pytest.mark.parametrize(
    ("persona", "status", "code"),
    [("as_editor", 403, "permission_denied"), ("anon", 401, "not_authenticated")],
)
def test_waiving_is_refused_to_others(request, persona, status, code, editor):
    client = request.getfixturevalue(persona)
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    fingerprint = next(find_in(Field("body", BODY))).fingerprint
    before = world()
    response = client.post(
        _url(explainer, f"findings/{fingerprint}/waive/"),
        {"reason": "x"},
        format="json",
    )
    assert_error(response, status, code)
    assert world() == before


def test_waive_needs_a_reason_and_an_existing_finding(as_reviewer, editor):
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    fingerprint = _findings(as_reviewer, explainer)[0]["fingerprint"]
    before = world()
    assert_error(
        as_reviewer.post(
            _url(explainer, f"findings/{fingerprint}/waive/"), {}, format="json"
        ),
        400,
        "invalid",
    )
    assert_error(
        as_reviewer.post(
            _url(explainer, f"findings/{'0' * 32}/waive/"),
            {"reason": "x"},
            format="json",
        ),
        409,
        "finding_gone",
    )
    assert world() == before


def test_editor_makes_a_statistic_from_a_finding(as_editor, editor):
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    fingerprint = _findings(as_editor, explainer)[0]["fingerprint"]
    response = as_editor.post(
        _url(explainer, f"findings/{fingerprint}/make-statistic/"),
        {"key": "displaced"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 201, response.content
    assert response.json()["display_text"] == "40,000 people"
    explainer.refresh_from_db()
    assert "[[stat:displaced]]" in explainer.body
    assert _findings(as_editor, explainer) == []


def test_make_statistic_with_a_stale_version_is_refused(as_editor, editor):
    explainer = ExplainerFactory.create(created_by=editor, body=BODY)
    fingerprint = _findings(as_editor, explainer)[0]["fingerprint"]
    before = world()
    response = as_editor.post(
        _url(explainer, f"findings/{fingerprint}/make-statistic/"),
        {},
        format="json",
        HTTP_IF_MATCH='"7"',
    )
    assert_error(response, 412, "stale_write")
    assert world() == before
    assert not Statistic.objects.exists()


def test_chief_deletes_a_draft(as_chief, editor):
    explainer = ExplainerFactory.create(created_by=editor)
    response = as_chief.delete(_url(explainer))
    assert response.status_code == 204
    assert not Explainer.objects.filter(pk=explainer.pk).exists()
    assert Explainer.history.filter(id=explainer.pk, history_type="-").exists()


def test_editor_cannot_delete_and_nothing_changes(as_editor, editor):
    explainer = ExplainerFactory.create(created_by=editor)
    before = world()
    assert_error(as_editor.delete(_url(explainer)), 403, "permission_denied")
    assert world() == before


def test_a_published_explainer_is_unpublished_not_deleted(as_chief, editor, reviewer):
    explainer = make_published(editor, reviewer)
    before = world()
    body = assert_error(as_chief.delete(_url(explainer)), 409, "invalid_transition")
    assert "unpublish it instead" in body["message"]
    assert world() == before


def test_approve_with_a_stale_if_match_is_refused(as_reviewer, editor):
    explainer = make_in_review(editor)
    before = world()
    response = as_reviewer.post(
        _url(explainer, "approve/"),
        {},
        format="json",
        HTTP_IF_MATCH=f'"{explainer.version + 1}"',
    )
    assert_error(response, 412, "stale_write")
    assert world() == before
    explainer.refresh_from_db()
    current = f'"{explainer.version}"'
    response = as_reviewer.post(
        _url(explainer, "approve/"), {}, format="json", HTTP_IF_MATCH=current
    )
    assert response.status_code == 200, response.content
