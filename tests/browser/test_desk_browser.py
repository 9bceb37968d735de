"""The desk home and the notifications page in Chromium, at 1,280 px and on a phone.

Screenshots go to artifacts/screenshots/ (desk-*.png) for people to judge;
the assertions check what a person needs at each width: every section
readable, nothing wider than the screen, the comment and the unread count
visible, and marking read working from the page.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from explainers.models import Explainer
from explainers.services import content, transitions
from notifications.models import Notification
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import ensure_roles
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)
from tests.factories import UserFactory
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = [("desktop", 1280, 900), ("phone", 390, 844)]


@pytest.fixture
def newsroom(live_server, django_capture_on_commit_callbacks):
    """A working week: one of everything on the editor's and the chief's desks."""
    ensure_roles()
    from newsroom.second_factor import vouch

    editor = UserFactory.create(
        username="editor", first_name="Olena", groups=["Editors"]
    )
    reviewer = vouch(
        UserFactory.create(username="reviewer", groups=["Reviewers"]), by="test"
    )
    chief = vouch(
        UserFactory.create(username="chief", groups=["Chief editors"]), by="test"
    )
    make_draft(editor, title="Grain corridor: who guards the ships")
    make_draft(editor, title="Why the dam mattered")
    sent_back = make_in_review(editor, title="The Minsk agreements, explained")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.explainer_request_changes(
            explainer_id=sent_back.pk,
            actor=reviewer,
            comment="Say who counted the strikes, and cite the monitors' own report "
            "rather than the news story about it.",
            expected_version=seen(sent_back.pk),
        )
    with django_capture_on_commit_callbacks(execute=True):
        waiting = make_in_review(editor, title="Sanctions on oil: what changed")
    submitted = timezone.now() - timedelta(days=1, hours=4)
    waiting.transitions.filter(transition="submit").update(created_at=submitted)
    Explainer.objects.filter(pk=waiting.pk).update(updated_at=submitted)
    make_in_review(editor, title="Front lines in the south")
    make_approved(editor, reviewer, title="Prisoner exchanges so far")
    published = make_published(editor, reviewer, title="The minerals deal, stalled")
    Explainer.objects.filter(pk=published.pk).update(
        scheduled_archive_at=timezone.now() + timedelta(days=30)
    )
    lapsed = make_draft(editor, title="Counting the displaced")
    approve_statistics(lapsed, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        content.statistic_update(
            statistic_id=lapsed.statistics.get().pk,
            actor=chief,
            data={"display_text": "more than 3.7 million people"},
        )
    return live_server.url


def open_as(browser, base: str, username: str, width: int, height: int):
    client = Client()
    verified_login(client, User.objects.get(username=username))
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context.new_page()


def unread(username: str) -> int:
    return Notification.objects.filter(
        recipient__username=username, read_at__isnull=True
    ).count()


def fits(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize(("name", "width", "height"), SIZES)
def test_the_editor_s_desk(newsroom, browser, name, width, height):
    page = open_as(browser, newsroom, "editor", width, height)
    page.goto(f"{newsroom}/admin/")

    assert page.locator("h1").inner_text() == "Your desk"
    changes = page.locator("#desk-changes")
    assert "Say who counted the strikes" in changes.inner_text()
    assert page.locator("#desk-drafts .desk-rows > li").count() == 3
    assert page.locator(".notifications-badge").inner_text() == str(unread("editor"))
    assert page.locator("#desk-records").is_visible()
    assert fits(page), "the desk scrolls sideways"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"desk-editor-{name}.png", full_page=True)

    page.locator("#desk-changes .desk-rows a").first.click()
    assert "/change/" in page.url


@pytest.mark.parametrize(("name", "width", "height"), SIZES)
def test_the_chief_s_desk_and_notifications(newsroom, browser, name, width, height):
    page = open_as(browser, newsroom, "chief", width, height)
    page.goto(f"{newsroom}/admin/")

    review = page.locator("#desk-review")
    assert "Sanctions on oil" in review.locator(".desk-rows > li").first.inner_text()
    assert "waiting 1" in review.inner_text()
    assert fits(page), "the desk scrolls sideways"
    page.screenshot(path=SCREENSHOTS / f"desk-chief-{name}.png", full_page=True)

    page.locator(".notifications-link").click()
    assert page.locator(".inbox > li.inbox-unread").count() == unread("chief") > 0
    assert fits(page)
    page.screenshot(path=SCREENSHOTS / f"notifications-{name}.png", full_page=True)
    before = int(page.locator(".notifications-badge").inner_text())
    page.locator(".inbox > li").first.get_by_role("button", name="Mark read").click()
    assert int(page.locator(".notifications-badge").inner_text()) == before - 1
    assert Notification.objects.filter(read_at__isnull=False).count() == 1
