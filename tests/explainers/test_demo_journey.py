"""Issue: the demo's refused explainer becomes publishable only by the rules.

Walks the admin as editor and reviewer would, and checks the command line
agrees at each step.
"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from explainers import demo_content
from explainers.models import Explainer, PublishedRevision, Statistic
from sources.models import Source
from tests.admin_helpers import form_data
from tests.conftest import DEMO_PASSWORD
from tests.second_factor import verify
from tests.versions import seen

pytestmark = pytest.mark.django_db
PASSWORD = DEMO_PASSWORD
SLUG = demo_content.AERIAL["slug"]


@pytest.fixture
def demo(demo_newsroom, db):
    """The refused demo explainer (the demo is loaded once for the module)."""
    return Explainer.objects.get(slug=SLUG)


def _check(capsys) -> tuple[bool, str]:
    try:
        call_command("check_explainer", SLUG)
        return True, capsys.readouterr().out
    except CommandError:
        return False, capsys.readouterr().out


def _as(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    verify(client, User.objects.get(username=username))
    return client


def _transition(client, explainer, name, **data):
    # The admin's transition form carries the version on the page.
    data.setdefault("expected_version", seen(explainer.pk))
    return client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/{name}/",
        data,
        follow=True,
    )


def test_refused_until_cited_and_approved_then_edit_lapses_approval(
    client, demo, capsys
):
    explainer = demo
    ok, out = _check(capsys)
    assert not ok and "statistic_uncited" in out

    # Publishing through the admin and the command is refused; nothing changes.
    _as(client, "reviewer")
    page = _transition(client, explainer, "publish")
    assert "Publishing is blocked" in page.content.decode()
    with pytest.raises(CommandError, match="Publishing refused"):
        call_command("publish_explainer", SLUG, user="reviewer")
    explainer.refresh_from_db()
    assert explainer.state == Explainer.State.DRAFT
    assert not PublishedRevision.objects.filter(explainer=explainer).exists()

    # The editor cites the uncited statistic in the admin and submits.
    uncited = Statistic.objects.get(explainer=explainer, key="airstrikes-since-2014")
    source = Source.objects.get(title__startswith="Protection of civilians")
    _as(client, "editor")
    url = f"/admin/explainers/statistic/{uncited.pk}/change/"
    data = form_data(client.get(url))
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": str(source.pk),
            "citations-0-locator": "Air strikes section",
            "citations-0-quote": "",
        }
    )
    assert client.post(url, data).status_code == 302
    assert uncited.citations.count() == 1
    assert _transition(client, explainer, "submit").status_code == 200

    # The reviewer approves each claim, then the explainer, then publishes.
    _as(client, "reviewer")
    for statistic in explainer.statistics.all():
        client.post(
            f"/admin/explainers/statistic/{statistic.pk}/review/approve/",
            {"expected_version": seen(explainer.pk)},
        )
    assert _transition(client, explainer, "approve").status_code == 200
    page = _transition(client, explainer, "publish")
    assert "Published as revision 1" in page.content.decode()
    ok, _ = _check(capsys)
    assert ok
    explainer.refresh_from_db()
    live = explainer.live_revision
    assert explainer.state == Explainer.State.PUBLISHED

    # Editing a cited statistic's display text lapses its approval; the
    # public revision stays as it was.
    _as(client, "editor")
    statistic = Statistic.objects.get(explainer=explainer, key="kryvyi-rih-deaths")
    url = f"/admin/explainers/statistic/{statistic.pk}/change/"
    data = form_data(client.get(url))
    data["display_text"] = "at least 20 people"
    assert client.post(url, data).status_code == 302
    ok, out = _check(capsys)
    assert not ok and "statistic_unapproved" in out
    explainer.refresh_from_db()
    assert explainer.live_revision == live
    assert "18 people" in live.html["body"]


def test_the_checklist_and_buttons_show_on_the_change_page(client, demo):
    _as(client, "reviewer")
    page = client.get(f"/admin/explainers/explainer/{demo.pk}/change/").content.decode()
    assert "Publication checklist" in page
    assert "statistic_uncited" in page
    assert "Publish" in page

    _as(client, "editor")
    page = client.get(f"/admin/explainers/explainer/{demo.pk}/change/").content.decode()
    assert "Submit for review" in page
    assert "Unpublish" not in page


def test_review_queue_is_for_reviewers(client, demo):
    _as(client, "reviewer")
    page = client.get("/admin/explainers/explainer/review-queue/")
    assert page.status_code == 200
    assert "kryvyi-rih-deaths" in page.content.decode()
    _as(client, "editor")
    assert client.get("/admin/explainers/explainer/review-queue/").status_code == 403
