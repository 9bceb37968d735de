"""The whole editorial journey in a real browser, as a newsroom would live it.

An editor writes a draft with an uncited number, sees the checklist block
publishing, turns the number into a statistic and cites a new source without
leaving the page; a reviewer approves the claim and the explainer and
publishes; the public page shows the footnote. Each step is saved as a
screenshot in artifacts/screenshots/journey-*.png.
"""

import re

import pytest

from explainers import views
from newsroom.roles import setup_roles
from tests.browser.conftest import SCREENSHOTS
from tests.factories import UserFactory

PASSWORD = "journey-password-1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsroom(live_server):
    setup_roles()
    UserFactory.create(username="editor", password=PASSWORD, groups=["Editors"])
    UserFactory.create(username="reviewer", password=PASSWORD, groups=["Reviewers"])
    views.page_cache.clear()
    return live_server.url


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)


def log_in(browser, site: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def checklist(page) -> str:
    return page.inner_text("section.workflow")


def test_editor_and_reviewer_publish_a_sourced_explainer(newsroom, browser):
    site = newsroom

    # The editor writes a draft with an uncited number.
    editor = log_in(browser, site, "editor")
    editor.goto(f"{site}/admin/explainers/explainer/add/")
    editor.fill("#id_title", "Floods in the valley")
    editor.fill("#id_standfirst", "What the floods did and who counted it.")
    editor.fill(
        "#id_body", "Floods displaced 12,000 people in the valley in September."
    )
    shot(editor, "1-editor-writes")
    editor.click("input[name=_continue]")
    editor.wait_for_selector("section.workflow")

    # The checklist blocks publishing and names the uncited number.
    text = checklist(editor)
    assert "problems block publishing" in text
    assert "12,000 people" in text
    shot(editor, "2-checklist-blocks")

    # One click makes it a statistic; the editor lands on its page.
    editor.click("button[value=make_statistic]")
    editor.wait_for_url(re.compile(r"/admin/explainers/statistic/\d+/change/"))
    assert "is now statistic" in editor.inner_text(".messagelist")

    # Cite a source created in a pop-up, without leaving the page.
    editor.click("#citations-group .add-row a")
    with editor.expect_popup() as popup_info:
        editor.click("#add_id_citations-0-source")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.select_option("#id_kind", "international_body")
    popup.fill("#id_title", "Flash update: floods in the valley")
    popup.fill("#id_publisher", "UN OCHA")
    popup.fill("#id_url", "https://example.org/flash-update-7")
    popup.fill("#id_accessed_date", "2026-11-01")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    editor.fill("#id_citations-0-locator", "Key figures")
    editor.fill(
        "#id_citations-0-quote", "Some 12,000 people were displaced by the floods."
    )
    shot(editor, "3-editor-cites-a-new-source")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist")

    # Submit for review from the explainer page.
    editor.goto(f"{site}/admin/explainers/explainer/")
    editor.click("text=Floods in the valley")
    editor.click("button[value=submit]")
    editor.wait_for_selector(".messagelist")
    assert "Submit for review: done" in editor.inner_text(".messagelist")
    shot(editor, "4-editor-submits")

    # The reviewer approves the claim, then the explainer, and publishes.
    reviewer = log_in(browser, site, "reviewer")
    reviewer.click("text=Open the review queue")
    shot(reviewer, "5-review-queue")
    reviewer.click("#queue-statistics ~ table a >> nth=0")
    reviewer.click("text=Approve claim")
    reviewer.wait_for_selector(".messagelist")
    assert "Approved" in reviewer.inner_text(".messagelist")
    reviewer.goto(f"{site}/admin/explainers/explainer/")
    reviewer.click("text=Floods in the valley")
    reviewer.click("button[value=approve]")
    reviewer.wait_for_selector(".messagelist")
    shot(reviewer, "6-reviewer-approves")
    assert "Every check passes" in checklist(reviewer)
    reviewer.click("button[value=publish]")
    reviewer.wait_for_selector(".messagelist")
    assert "Published as revision 1" in reviewer.inner_text(".messagelist")
    shot(reviewer, "7-reviewer-publishes")

    # The public page shows the figure with its footnote and the source.
    reader = browser.new_context(java_script_enabled=False).new_page()
    reader.goto(f"{site}/explainers/floods-in-the-valley/")
    assert reader.inner_text("h1") == "Floods in the valley"
    mark = reader.locator("sup.fn a").first
    assert mark.inner_text() == "1"
    mark.click()
    assert "Flash update: floods in the valley" in reader.inner_text("#source-1")
    shot(reader, "8-public-page")
