"""Notification emails: sent by a job after commit, once, as each person chose.

A mail server that fails never blocks or undoes the transition: the job
fails visibly (a retrying, then failed run) and sends once it recovers.
"""

import socket
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from explainers.models import Explainer
from explainers.services import transitions
from jobs.models import JobRun
from jobs.testing import run_queued
from notifications import services
from notifications.models import Notification, Verb
from notifications.tasks import send_notification_email
from tests.explainers.workflow_helpers import make_draft
from tests.versions import seen

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
FAILING = "tests.notifications.test_email.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("421 Service not available")


@pytest.fixture
def draft(editor, reviewer, chief):
    for user in (reviewer, chief):
        user.email = f"{user.username}@example.org"
        user.save()
    return make_draft(editor)


def submit(draft, editor, capture):
    with capture(execute=True):
        transitions.explainer_submit(
            explainer_id=draft.pk, actor=editor, expected_version=seen(draft.pk)
        )


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_each_recipient_gets_one_email_after_commit(
    draft, editor, django_capture_on_commit_callbacks
):
    submit(draft, editor, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # queued, not sent inside the request

    runs = run_queued()

    assert [r.status for r in runs] == [JobRun.Status.SUCCEEDED] * 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chief@example.org",
        "reviewer@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == f"[Newsroom] Submitted for review: {draft.title}"
    assert draft.title in message.body
    assert f"/admin/explainers/explainer/{draft.pk}/change/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_an_email_is_never_sent_twice(
    draft, editor, django_capture_on_commit_callbacks
):
    submit(draft, editor, django_capture_on_commit_callbacks)
    note = Notification.objects.get(recipient__username="reviewer")
    send_notification_email.enqueue(note.pk)  # a duplicate job

    run_queued()

    assert [m.to[0] for m in mail.outbox].count("reviewer@example.org") == 1


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_a_person_who_turned_a_kind_off_gets_no_email_but_the_notification(
    draft, editor, reviewer, django_capture_on_commit_callbacks
):
    services.email_preferences_set(
        actor=reviewer, emailed=[v for v in Verb.values if v != Verb.SUBMITTED]
    )

    submit(draft, editor, django_capture_on_commit_callbacks)
    run_queued()

    assert [m.to[0] for m in mail.outbox] == ["chief@example.org"]
    assert Notification.objects.filter(recipient=reviewer).exists()


def test_unknown_kinds_of_preference_are_refused_and_nothing_changes(reviewer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Unknown kinds"):
        services.email_preferences_set(actor=reviewer, emailed=["everything"])
    assert services.email_preferences(reviewer)[Verb.SUBMITTED] is True
    assert not reviewer.notification_preferences.exists()


@override_settings(EMAIL_BACKEND=FAILING)
def test_a_failing_mail_server_neither_blocks_nor_undoes_the_transition(
    draft, editor, django_capture_on_commit_callbacks
):
    submit(draft, editor, django_capture_on_commit_callbacks)

    assert Explainer.objects.get(pk=draft.pk).state == Explainer.State.IN_REVIEW
    runs = run_queued()
    assert {r.status for r in runs} == {JobRun.Status.RETRYING}
    assert all("421 Service not available" in r.error for r in runs)
    # The claim was given back: the retry will send it.
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    later = run_queued(until=timezone.now() + timedelta(hours=1))
    assert later and later[-1].status == JobRun.Status.FAILED
    assert Explainer.objects.get(pk=draft.pk).state == Explainer.State.IN_REVIEW


def test_an_smtp_server_that_refuses_connections_fails_the_job_not_the_work(
    draft, editor, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(**smtp):
        submit(draft, editor, django_capture_on_commit_callbacks)
        runs = run_queued()

    assert Explainer.objects.get(pk=draft.pk).state == Explainer.State.IN_REVIEW
    assert runs and {r.status for r in runs} == {JobRun.Status.RETRYING}
    assert all("refused" in r.error.lower() for r in runs)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2


def test_the_mail_server_recovering_sends_on_the_retry(
    draft, editor, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=FAILING):
        submit(draft, editor, django_capture_on_commit_callbacks)
        run_queued()
    with override_settings(EMAIL_BACKEND=LOCMEM):
        retries = run_queued(until=timezone.now() + timedelta(minutes=5))

    assert {r.status for r in retries} == {JobRun.Status.SUCCEEDED}
    assert len(mail.outbox) == 2


def test_nobody_without_an_address_gets_a_job(
    editor, reviewer, django_capture_on_commit_callbacks
):
    draft = make_draft(editor)  # reviewer has no email address

    submit(draft, editor, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=reviewer).exists()
    assert run_queued() == []
