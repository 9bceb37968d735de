"""Notifications in the admin: the unread count on every page, the list, mark read."""

import pytest
from django.test import Client

from notifications.models import Notification, Verb
from tests.explainers.workflow_helpers import make_draft
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db

INBOX = "/admin/notifications/notification/"


def notify(user, text, *, key, explainer=None):
    return Notification.objects.create(
        recipient=user,
        verb=Verb.SUBMITTED,
        text=text,
        url="/admin/",
        event_key=key,
        explainer=explainer,
    )


@pytest.fixture
def inbox(editor, reviewer):
    explainer = make_draft(editor)
    return {
        "mine": notify(
            reviewer, "Sieges explained is waiting", key="a", explainer=explainer
        ),
        "also": notify(reviewer, "Ceasefire lines is waiting", key="b"),
        "theirs": notify(editor, "Changes requested on Grain", key="c"),
    }


def signed_in(client, user):
    verified_login(client, user)
    return client


def test_every_admin_page_shows_the_unread_count(client, reviewer, inbox):
    signed_in(client, reviewer)

    for url in [
        "/admin/",
        "/admin/explainers/explainer/",
        INBOX,
        "/admin/password_change/",
    ]:
        html = client.get(url).content.decode()
        assert 'aria-label="2 unread"' in html, url


def test_the_count_costs_one_query_per_page(client, reviewer, inbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, reviewer)
    with CaptureQueriesContext(connection) as queries:
        client.get("/admin/explainers/explainer/")
    counted = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1


def test_the_list_shows_only_one_s_own_notifications(client, reviewer, inbox):
    html = signed_in(client, reviewer).get(INBOX).content.decode()

    assert "Sieges explained is waiting" in html
    assert "Ceasefire lines is waiting" in html
    assert "Changes requested on Grain" not in html


def test_someone_else_s_notification_cannot_be_opened(client, reviewer, inbox):
    signed_in(client, reviewer)
    response = client.get(f"{INBOX}{inbox['theirs'].pk}/change/")
    assert response.status_code == 302
    assert response["Location"] == INBOX


def test_marking_one_read(client, reviewer, inbox):
    signed_in(client, reviewer)
    response = client.post(f"{INBOX}mark-read/", {"id": inbox["mine"].pk})

    assert response.status_code == 302
    inbox["mine"].refresh_from_db()
    inbox["also"].refresh_from_db()
    assert inbox["mine"].read_at is not None
    assert inbox["also"].read_at is None
    assert 'aria-label="1 unread"' in client.get("/admin/").content.decode()


def test_marking_someone_else_s_read_is_refused_and_changes_nothing(
    client, reviewer, inbox
):
    signed_in(client, reviewer)
    response = client.post(
        f"{INBOX}mark-read/", {"id": [inbox["mine"].pk, inbox["theirs"].pk]}
    )

    assert response.status_code == 403
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_mark_all_read_marks_only_one_s_own(client, reviewer, inbox):
    signed_in(client, reviewer)
    client.post(f"{INBOX}mark-all-read/")

    assert set(
        Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)
    ) == {inbox["mine"].pk, inbox["also"].pk}
    assert "unread" not in client.get("/admin/").content.decode().split("</header>")[0]


@pytest.mark.parametrize("action", ["mark-read/", "mark-all-read/", "preferences/"])
def test_marking_needs_a_post_with_a_csrf_token(reviewer, inbox, action):
    client = signed_in(Client(enforce_csrf_checks=True), reviewer)

    assert client.get(f"{INBOX}{action}").status_code == 405
    assert client.post(f"{INBOX}{action}", {"id": inbox["mine"].pk}).status_code == 403
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, inbox):
    response = client.post(f"{INBOX}mark-all-read/")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_email_choices_are_saved_per_person(client, reviewer, editor):
    signed_in(client, reviewer)
    client.post(f"{INBOX}preferences/", {"email": [Verb.PUBLISHED]})

    from notifications.services import email_preferences

    chosen = email_preferences(reviewer)
    assert chosen[Verb.PUBLISHED] is True
    assert chosen[Verb.SUBMITTED] is False
    assert email_preferences(editor)[Verb.SUBMITTED] is True
