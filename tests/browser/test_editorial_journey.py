"""The whole editorial loop in a real browser, from each person's desk.

An editor writes an explainer with five figures, four new sources and one
box: makes each number a statistic and cites it in place, and submits. The
reviewer is notified, reviews every claim on the one review page and asks for
a change; the editor reads the comment on the desk, fixes the quoted passage
and resubmits; the reviewer approves and publishes; the public page shows the
footnotes. Every screen is saved at 1,280 px and at a phone's width in
artifacts/screenshots/journey-*.png, and the clicks and page loads are
counted and printed (the counts before the desk was reworked, measured with
the same journey: 84 clicks and 71 page loads after signing in).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from explainers import views
from explainers.models import Explainer
from notifications.models import Notification
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import ensure_roles
from tests.factories import UserFactory
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BODY = (
    "Floods displaced 12,000 people in the valley in September 2026. "
    "Inspectors counted 340 damaged schools. "
    "The government puts the losses at about $1.1 billion. "
    "Water covered 45% of the farmland. "
    "The river washed away 90 bridges."
)


class Tally:
    """Counts what a person does: clicks, and pages the browser loads."""

    def __init__(self) -> None:
        self.clicks = 0
        self.loads = 0

    def watch(self, context) -> None:
        # Pop-ups are pages of the context too: their loads count.
        context.on("page", lambda page: page.on("load", self._loaded))

    def _loaded(self, _page) -> None:
        self.loads += 1

    def click(self, target, selector: str | None = None) -> None:
        self.clicks += 1
        (target.locator(selector) if selector else target).first.click()


@pytest.fixture
def newsroom(live_server):
    ensure_roles()
    UserFactory.create(username="editor", first_name="Olena", groups=["Editors"])
    UserFactory.create(username="reviewer", first_name="Marta", groups=["Reviewers"])
    views.page_cache.clear()
    return live_server.url


def open_desk(browser, site: str, username: str, tally: Tally):
    """A signed-in browser (second factor confirmed) on its desk home."""
    client = Client()
    verified_login(client, User.objects.get(username=username))
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    tally.watch(context)
    page = context.new_page()
    page.goto(f"{site}/admin/")
    return page


def shot(page, name: str) -> None:
    """Saves the screen at 1,280 px and at a phone's width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def messages(page) -> str:
    return page.inner_text(".messagelist")


def add_source_in_popup(page, tally: Tally, form, letter: str) -> None:
    with page.expect_popup() as popup_info:
        tally.click(form, "a.add-related")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.select_option("#id_kind", "international_body")
    popup.fill("#id_title", f"Flood report {letter}")
    popup.fill("#id_publisher", "UN OCHA")
    popup.fill("#id_url", f"https://example.org/flood-report-{letter}")
    popup.fill("#id_accessed_date", "2026-11-01")
    with popup.expect_event("close"):
        tally.click(popup, "input[name=_save]")


def test_editor_and_reviewer_take_an_explainer_from_draft_to_published(
    newsroom, browser
):
    site = newsroom
    tally = Tally()

    # --- The editor writes, makes the figures statistics and cites them. ------
    editor = open_desk(browser, site, "editor", tally)
    shot(editor, "01-editor-desk")
    tally.click(editor, "text=New explainer")
    editor.fill("#id_title", "Floods in the valley")
    editor.fill("#id_standfirst", "What the floods did and who counted it.")
    editor.fill("#id_body", BODY)
    tally.click(editor, "#boxes-group .add-row a")
    editor.fill("#id_boxes-0-title", "An old river")
    editor.fill("#id_boxes-0-body", "The valley has flooded before.")
    expect(editor.locator(".writing .preview")).to_contain_text("Floods displaced")
    assert "words" in editor.inner_text(".writing-meta")
    shot(editor, "02-editor-writes-with-preview")
    tally.click(editor, "input[name=_continue]")
    editor.wait_for_selector("section.workflow")
    assert editor.locator("form.make").count() == 5  # one per uncited number
    shot(editor, "03-checklist-for-you")

    for n, letter in enumerate("abcde"):
        form = editor.locator("form.make").first
        if letter != "e":
            add_source_in_popup(editor, tally, form, letter)
        else:  # The fifth figure cites a source already recorded.
            tally.click(form, ".select2-selection")
            editor.locator(".select2-search__field").fill("Flood report a")
            tally.click(editor, ".select2-results__option >> text=Flood report a")
        form.locator("input[name$=-locator]").fill("Key figures")
        form.locator("textarea[name$=-quote]").fill(
            "The report gives the figure as the text prints it."
        )
        if n == 0:
            shot(editor, "04-make-and-cite-in-place")
        tally.click(form, "button[value=make_statistic]")
        editor.wait_for_selector(".messagelist")
        assert "is now statistic" in messages(editor)
    assert "about-1-1-billion" in editor.inner_text("#statistics-group")
    shot(editor, "05-statistics-made-and-cited")

    tally.click(editor, "button[value=submit]")
    editor.wait_for_selector(".messagelist")
    assert "Submit for review: done" in messages(editor)
    assert "Submitted: waiting for a reviewer" in editor.inner_text("section.workflow")
    shot(editor, "06-editor-submitted")
    editor_first_pass = (tally.clicks, tally.loads)

    # --- The reviewer is told, reviews each claim on one page. ----------------
    reviewer = open_desk(browser, site, "reviewer", tally)
    assert Notification.objects.filter(recipient__username="reviewer").exists()
    assert reviewer.locator(".notifications-badge").is_visible()
    shot(reviewer, "07-reviewer-desk-notified")
    # The desk opens the review page itself.
    tally.click(reviewer, "#desk-review a >> text=Floods in the valley")
    assert reviewer.locator("article.claim").count() == 5
    assert "mark" in reviewer.inner_html("article.claim blockquote.in-text")
    shot(reviewer, "08-review-page")
    claims = reviewer.locator("article.claim")
    for i in range(5):
        if "schools" not in claims.nth(i).inner_text():
            tally.click(claims.nth(i).locator("input[name=selected]"))
    tally.click(reviewer, "button[value=approve_selected]")
    assert "Approved:" in messages(reviewer)
    reviewer.fill(
        "#comment-request_changes", "Schools: quote the ministry's own count."
    )
    tally.click(reviewer, "button[value=request_changes]")
    assert "Request changes: done" in messages(reviewer)
    shot(reviewer, "09-reviewer-requested-changes")

    # --- The editor reads the comment on the desk and fixes the figure. -------
    editor.goto(f"{site}/admin/")
    assert "the ministry's own count" in editor.inner_text("#desk-changes")
    shot(editor, "10-editor-desk-comment")
    tally.click(editor, "#desk-changes a >> text=Floods in the valley")
    assert "the ministry's own count" in editor.inner_text(".requested")
    tally.click(
        editor,
        "#statistics-group .inline-related:has-text('schools') a.inlinechangelink",
    )
    editor.fill("#id_citations-0-quote", "The ministry counted 340 damaged schools.")
    shot(editor, "11-editor-fixes-the-quote")
    tally.click(editor, "input[name=_save]")
    editor.wait_for_url(re.compile(r"/admin/explainers/explainer/\d+/change/"))
    tally.click(editor, "button[value=submit]")
    assert "Submit for review: done" in messages(editor)

    # --- The reviewer approves the last claim and the explainer, publishes. ---
    reviewer.goto(f"{site}/admin/")
    # The desk opens the review page itself.
    tally.click(reviewer, "#desk-review a >> text=Floods in the valley")
    tally.click(
        reviewer,
        "article.claim:has(.review-state.pending) button[name=decision][value=approve]",
    )
    assert "Approved:" in messages(reviewer)
    tally.click(reviewer, "button[name=transition][value=approve]")
    assert "Approve: done" in messages(reviewer)
    shot(reviewer, "12-reviewer-approved")
    tally.click(reviewer, "button[name=transition][value=publish]")
    assert "Published as revision 1" in messages(reviewer)
    shot(reviewer, "13-published")
    assert Explainer.objects.get().state == Explainer.State.PUBLISHED

    print(
        f"\nEditorial journey (five figures, four new sources, one box): "
        f"editor's first pass {editor_first_pass[0]} clicks, "
        f"{editor_first_pass[1]} page loads; whole loop {tally.clicks} clicks, "
        f"{tally.loads} page loads (before: 44 and 32; 84 and 71)."
    )

    # --- Readers see the figures with their footnotes and sources. ------------
    reader = browser.new_context(java_script_enabled=False).new_page()
    reader.goto(f"{site}/explainers/floods-in-the-valley/")
    assert reader.inner_text("h1") == "Floods in the valley"
    assert reader.locator("sup.fn a").count() >= 5
    assert "Flood report a" in reader.inner_text("body")
    shot(reader, "14-public-page")


def test_writing_tools_keep_unsaved_text_and_warn_before_leaving(newsroom, browser):
    site = newsroom
    editor = open_desk(browser, site, "editor", Tally())
    editor.goto(f"{site}/admin/explainers/explainer/add/")
    editor.fill("#id_body", "Floods reached the valley.")
    editor.locator("#id_body").press("End")
    editor.click(".writing-toolbar button[aria-label=Bold]")
    expect(editor.locator(".writing .preview strong")).to_have_text("bold text")
    expect(editor.locator(".writing-meta")).to_contain_text("6 words")

    # Leaving with unsaved text asks first.
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    editor.on("dialog", answer)
    editor.click("#site-name a")
    assert asked == ["beforeunload"]
    assert editor.url.endswith("/add/")

    # A crash loses nothing: the text waits in this browser for the next visit.
    again = editor.context.new_page()
    again.goto(f"{site}/admin/explainers/explainer/add/")
    expect(again.locator(".recovery")).to_contain_text("Unsaved text")
    again.click(".recovery >> text=Restore it")
    assert "Floods reached the valley." in again.input_value("#id_body")
    shot(again, "15-unsaved-text-recovered")
