"""Scheduled publishing and archiving (issue 13, point 5).

A reviewer schedules an approved explainer; a job publishes it at the time
through the same transition, with the gate checked again then; a refusal
cancels the schedule, leaves the explainer approved and says why.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from explainers.errors import InvalidTransition, PublicationBlocked
from explainers.models import Explainer, Statistic, TransitionLog
from explainers.services import content, scheduling
from explainers.signals import schedule_refused
from jobs.models import JobRun
from jobs.testing import run_queued
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_published,
    reload,
)
from tests.versions import seen

pytestmark = pytest.mark.django_db

State = Explainer.State


def _schedule(explainer, actor, *, action="publish", minutes=10):
    at = timezone.now() + timedelta(minutes=minutes)
    scheduling.explainer_schedule(
        explainer_id=explainer.pk,
        actor=actor,
        action=action,
        at=at,
        expected_version=seen(explainer.pk),
    )
    return at


def _clock_at(monkeypatch, moment):
    monkeypatch.setattr(scheduling.timezone, "now", lambda: moment)


def test_a_scheduled_explainer_is_published_by_the_job_at_its_time(
    editor, reviewer, monkeypatch
):
    explainer = make_approved(editor, reviewer)
    at = _schedule(explainer, reviewer)

    # Before the time, the job queued for that time waits.
    assert not [r for r in run_queued() if r.task.endswith("publish_due")]
    assert reload(explainer).state == State.APPROVED
    assert reload(explainer).scheduled_publish_at == at

    _clock_at(monkeypatch, at + timedelta(seconds=1))
    runs = run_queued(until=at + timedelta(seconds=1))

    explainer = reload(explainer)
    assert explainer.state == State.PUBLISHED
    assert explainer.live_revision is not None
    assert explainer.scheduled_publish_at is None
    log = TransitionLog.objects.filter(explainer=explainer, transition="publish").get()
    assert log.actor == reviewer
    assert "Scheduled for" in log.comment
    assert any(r.status == JobRun.Status.SUCCEEDED for r in runs)


def test_the_sweep_publishes_once_even_when_run_twice(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    at = _schedule(explainer, reviewer)
    later = at + timedelta(seconds=5)

    assert scheduling.run_due_schedules(later)["done"] == 1
    assert scheduling.run_due_schedules(later) == {
        "done": 0,
        "refused": 0,
        "not due": 0,
    }
    assert explainer.revisions.count() == 1


def test_the_gate_is_checked_again_at_the_time_and_a_refusal_is_announced(
    editor, reviewer
):
    explainer = make_approved(editor, reviewer)
    at = _schedule(explainer, reviewer)
    # Between scheduling and the time, a statistic's approval is withdrawn
    # behind the workflow's back (as a lapse through a source change would).
    Statistic.objects.filter(explainer=explainer).update(reviewed_digest="x")
    heard = []

    def listen(**kwargs):
        heard.append(kwargs)

    schedule_refused.connect(listen)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            outcome = scheduling.run_due_schedules(at + timedelta(seconds=1))
    finally:
        schedule_refused.disconnect(listen)

    assert outcome["refused"] == 1
    explainer = reload(explainer)
    assert explainer.state == State.APPROVED  # left as it was
    assert explainer.live_revision is None
    assert explainer.scheduled_publish_at is None  # cancelled, not retried
    assert heard and heard[0]["explainer_id"] == explainer.pk
    assert heard[0]["scheduled_by_id"] == reviewer.pk
    assert "approv" in heard[0]["reason"].lower() or heard[0]["reason"]
    latest = explainer.history.first()
    assert latest.history_change_reason.startswith("Scheduled publish refused")


def test_scheduling_checks_the_gate_the_permission_and_the_time(
    editor, reviewer, other_reviewer
):
    draft = make_draft(editor)
    with pytest.raises((PublicationBlocked, InvalidTransition)):
        _schedule(draft, reviewer)

    explainer = make_approved(editor, reviewer)
    with pytest.raises(PermissionDenied):
        _schedule(explainer, editor)  # an editor cannot publish
    with pytest.raises(ValidationError):
        _schedule(explainer, reviewer, minutes=-1)
    with pytest.raises(ValidationError):
        _schedule(explainer, reviewer, minutes=60 * 24 * 400)
    assert reload(explainer).scheduled_publish_at is None

    _schedule(explainer, other_reviewer)
    assert reload(explainer).scheduled_by == other_reviewer


def test_an_edit_after_scheduling_cancels_the_scheduled_publication(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    at = _schedule(explainer, reviewer)
    with content.explainer_edit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    ) as edit:
        edit.explainer_update({"standfirst": "A different standfirst."})

    explainer = reload(explainer)
    assert explainer.state == State.DRAFT
    assert explainer.scheduled_publish_at is None
    assert scheduling.run_due_schedules(at + timedelta(seconds=1))["done"] == 0
    assert explainer.revisions.count() == 0


def test_a_chief_schedules_archiving_and_the_job_takes_the_page_down(
    editor, reviewer, chief, monkeypatch
):
    explainer = make_published(editor, reviewer)
    with pytest.raises(PermissionDenied):
        _schedule(explainer, reviewer, action="unpublish")
    at = _schedule(explainer, chief, action="unpublish", minutes=30)

    _clock_at(monkeypatch, at + timedelta(seconds=1))
    run_queued(until=at + timedelta(seconds=1))

    explainer = reload(explainer)
    assert explainer.state == State.ARCHIVED
    assert explainer.scheduled_archive_at is None


def test_a_schedule_can_be_cancelled_by_someone_who_may_take_the_step(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    at = _schedule(explainer, reviewer)
    with pytest.raises(PermissionDenied):
        scheduling.explainer_unschedule(
            explainer_id=explainer.pk,
            actor=editor,
            action="publish",
            expected_version=seen(explainer.pk),
        )
    scheduling.explainer_unschedule(
        explainer_id=explainer.pk,
        actor=reviewer,
        action="publish",
        expected_version=seen(explainer.pk),
    )
    assert scheduling.run_due_schedules(at + timedelta(seconds=1))["done"] == 0
    assert reload(explainer).state == State.APPROVED


def test_the_admin_offers_scheduling_to_a_reviewer_and_not_to_an_editor(
    client, editor, reviewer
):
    from tests.second_factor import verified_login

    explainer = make_approved(editor, reviewer)
    change = f"/admin/explainers/explainer/{explainer.pk}/change/"
    client.force_login(editor)
    assert b"Schedule publish" not in client.get(change).content

    verified_login(client, reviewer)
    page = client.get(change)
    assert b"Schedule publish" in page.content
    at = timezone.now() + timedelta(days=1)
    answer = client.post(
        f"/admin/explainers/explainer/{explainer.pk}/schedule/",
        {
            "action": "publish",
            "at": at.strftime("%Y-%m-%dT%H:%M"),
            "expected_version": seen(explainer.pk),
        },
        follow=True,
    )
    assert b"it will be published at" in answer.content
    scheduled = reload(explainer).scheduled_publish_at
    assert scheduled is not None
    assert scheduled.strftime("%Y-%m-%d %H:%M") == at.strftime("%Y-%m-%d %H:%M")
    assert b"Cancel the scheduled publish" in answer.content

    client.force_login(editor)
    client.post(
        f"/admin/explainers/explainer/{explainer.pk}/schedule/",
        {"action": "publish", "cancel": "1", "expected_version": seen(explainer.pk)},
    )
    assert reload(explainer).scheduled_publish_at == scheduled
