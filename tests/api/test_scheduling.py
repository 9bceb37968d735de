"""Scheduling through the newsroom API: the same service as the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from explainers.models import Explainer
from tests.api.helpers import assert_error
from tests.explainers.workflow_helpers import make_approved, reload

pytestmark = pytest.mark.django_db

NEWSROOM = "/api/v1/newsroom/explainers/"


def test_a_reviewer_schedules_and_cancels_a_publication(editor, reviewer, as_reviewer):
    explainer = make_approved(editor, reviewer)
    at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    url = f"{NEWSROOM}{explainer.pk}/"

    answer = as_reviewer.post(
        url + "schedule/",
        {"action": "publish", "at": at.isoformat()},
        format="json",
    )

    assert answer.status_code == 200, answer.content
    assert answer.json()["scheduled_publish_at"].startswith(
        at.strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert answer.json()["scheduled_by"] == reviewer.username
    assert reload(explainer).scheduled_publish_at == at

    cancelled = as_reviewer.post(
        url + "unschedule/", {"action": "publish"}, format="json"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["scheduled_publish_at"] is None


def test_scheduling_is_refused_to_an_editor_and_in_the_past(
    editor, reviewer, as_editor, as_reviewer
):
    explainer = make_approved(editor, reviewer)
    url = f"{NEWSROOM}{explainer.pk}/schedule/"
    soon = (timezone.now() + timedelta(hours=1)).isoformat()

    assert_error(
        as_editor.post(url, {"action": "publish", "at": soon}, format="json"),
        403,
        "permission_denied",
    )
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert (
        as_reviewer.post(
            url, {"action": "publish", "at": past}, format="json"
        ).status_code
        == 400
    )
    assert (
        as_reviewer.post(
            url, {"action": "explode", "at": soon}, format="json"
        ).status_code
        == 400
    )
    assert reload(explainer).scheduled_publish_at is None
    assert reload(explainer).state == Explainer.State.APPROVED
