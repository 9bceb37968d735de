"""The admin says what will happen before it happens, and what happened after."""

import pytest

from explainers import demo_content
from explainers.models import Explainer, Statistic
from explainers.services import content, transitions
from tests.admin_helpers import form_data
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_newsroom, db):
    """The demo newsroom, loaded once for the module; each test's edits roll back."""


def _change(explainer: Explainer) -> str:
    return f"/admin/explainers/explainer/{explainer.pk}/change/"


def _published() -> Explainer:
    return Explainer.objects.get(slug=demo_content.MINERALS["slug"])


def test_editing_a_published_explainer_warns_first_and_reports_after(client, demo):
    explainer = _published()
    client.login(username="editor", password="demo-password-1")

    response = client.get(_change(explainer))
    page = response.content.decode()
    assert "Before you save:" in page
    assert "saving any change returns it to draft" in page
    assert "killed-by-2020" in page  # an approved claim whose approval would lapse

    data = form_data(response)
    index = next(
        i
        for i in range(int(data["statistics-TOTAL_FORMS"]))
        if data[f"statistics-{i}-key"] == "killed-by-2020"
    )
    data[f"statistics-{index}-display_text"] = "more than 14,000 people"
    after = client.post(_change(explainer), data, follow=True).content.decode()

    assert "The approval of killed-by-2020 lapsed" in after
    assert "is a draft again" in after
    assert "Readers keep seeing the published version" in after
    statistic = Statistic.objects.get(explainer=explainer, key="killed-by-2020")
    assert statistic.review_state == Statistic.ReviewState.PENDING


def _author(explainer):
    """The explainer's creator (the demo's explainers always have one)."""
    assert explainer.created_by is not None
    return explainer.created_by


def test_publish_form_lists_changed_figures_and_asks_for_a_correction(client, demo):
    explainer = _published()
    statistic = Statistic.objects.get(explainer=explainer, key="killed-by-2020")
    content.statistic_update(
        statistic_id=statistic.pk,
        actor=_author(explainer),
        data={"display_text": "more than 14,000 people"},
    )
    reviewer = Explainer._meta.apps.get_model("auth", "User").objects.get(
        username="reviewer"
    )
    verified_login(client, reviewer)

    page = client.get(_change(explainer)).content.decode()

    assert "Publishing changes figures readers have seen" in page
    assert "<code>killed-by-2020</code>" in page
    assert "A correction note is needed" in page


def test_checklist_is_split_by_who_is_looking_and_follows_the_state(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    client.login(username="editor", password="demo-password-1")
    page = client.get(_change(explainer)).content.decode()
    assert "For you (" in page
    assert "For the reviewer (" in page
    assert "then submit it for review." in page

    editor = _author(explainer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=explainer.version
    )
    page = client.get(_change(explainer)).content.decode()
    assert "Submitted: waiting for a reviewer." in page
    assert "submit it for review" not in page.lower().replace("submitted: waiting", "")

    reviewer = Explainer._meta.apps.get_model("auth", "User").objects.get(
        username="reviewer"
    )
    verified_login(client, reviewer)
    page = client.get(_change(explainer)).content.decode()
    assert "Waiting for your review" in page
    assert "For the editor (" in page


def test_the_reviewers_comment_stands_on_top_of_the_editors_page(client, demo):
    explainer = Explainer.objects.get(slug=demo_content.AERIAL["slug"])
    editor = _author(explainer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=explainer.version
    )
    reviewer = Explainer._meta.apps.get_model("auth", "User").objects.get(
        username="reviewer"
    )
    from newsroom.second_factor import vouch

    transitions.explainer_request_changes(
        explainer_id=explainer.pk,
        actor=vouch(reviewer, by="test"),
        comment="Name the agency that counted the strikes.",
        expected_version=explainer.version,
    )
    client.login(username="editor", password="demo-password-1")

    page = client.get(_change(explainer)).content.decode()

    assert "Changes requested by reviewer" in page
    assert "Name the agency that counted the strikes." in page
    assert "submit it for review again" in page
