"""Closing the ways a claim could reach readers without a second person's check."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from explainers import gate
from explainers.findings import Field, find_in
from explainers.models import Explainer, Statistic
from explainers.services import content, review, transitions
from explainers.services.findings import (
    PlainTextField,
    finding_waive,
    statistic_create_from_finding,
)
from newsroom.errors import StaleWrite
from sources import services as source_services
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_in_review,
    reload,
)
from tests.factories import ExplainerFactory
from tests.versions import seen, seen_statistic

pytestmark = pytest.mark.django_db


def _codes(explainer):
    return {p.code for p in gate.problems(explainer)}


def test_a_reviewers_decision_on_a_version_they_did_not_read_is_refused(
    editor, reviewer
):
    explainer = make_in_review(editor)
    statistic = explainer.statistics.get()
    read = explainer.version
    content.citation_update(
        citation_id=statistic.citations.get().pk, actor=editor, data={"locator": "p. 9"}
    )
    with pytest.raises(StaleWrite):
        review.statistic_approve(
            statistic_id=statistic.pk, actor=reviewer, expected_version=read
        )
    assert reload(explainer).statistics.get().review_state == "pending"


def test_admin_approve_button_carries_the_version_it_was_shown(
    client, editor, reviewer
):
    explainer = make_approved(editor, reviewer)
    stale = explainer.version - 1
    client.force_login(reviewer)
    client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/publish/",
        {"expected_version": stale},
    )
    explainer.refresh_from_db()
    assert explainer.state == Explainer.State.APPROVED
    assert explainer.live_revision is None


def test_a_figure_inside_a_markdown_link_is_still_a_finding():
    text = "About [12,000 civilians](https://example.org/report/2024/7) were killed."
    assert [f.phrase for f in find_in(Field("body", text))] == [
        "About 12,000 civilians"
    ]


def test_numbers_in_addresses_are_not_findings():
    text = (
        "See https://example.org/2024/300 and [the report][1].\n\n[1]: https://x.org/9"
    )
    assert list(find_in(Field("body", text))) == []


def test_an_author_cannot_waive_numbers_in_their_own_explainer(chief, reviewer):
    explainer = ExplainerFactory.create(
        created_by=chief, body="Over 1,000 airstrikes hit."
    )
    fingerprint = next(find_in(Field("body", explainer.body))).fingerprint
    with pytest.raises(PermissionDenied, match="four eyes"):
        finding_waive(
            explainer_id=explainer.pk,
            actor=chief,
            fingerprint=fingerprint,
            reason="Mine",
            expected_version=seen(explainer.pk),
        )
    finding_waive(
        explainer_id=explainer.pk,
        actor=reviewer,
        fingerprint=fingerprint,
        reason="Quoted headline",
        expected_version=seen(explainer.pk),
    )
    assert "uncited_number" not in _codes(explainer)


def test_whoever_edits_a_cited_source_cannot_re_approve_the_statistic(
    editor, chief, reviewer
):
    explainer = make_approved(editor, reviewer)
    statistic = explainer.statistics.get()
    source = statistic.citations.get().source
    source_services.source_update(
        source_id=source.pk, actor=chief, data={"title": "A retitled report"}
    )
    statistic.refresh_from_db()
    assert statistic.review_state == Statistic.ReviewState.PENDING
    assert statistic.last_edited_by == chief
    with pytest.raises(PermissionDenied, match="four eyes"):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=chief,
            expected_version=seen_statistic(statistic.pk),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doi", "10.1000/changed"),
        ("link_status", "usurped"),
        ("reliability", "generally_unreliable"),
    ],
)
def test_every_published_source_field_is_covered_by_the_approval(
    editor, reviewer, chief, field, value
):
    explainer = make_approved(editor, reviewer)
    statistic = explainer.statistics.get()
    source = statistic.citations.get().source
    data = {field: value}
    if field == "link_status":
        data |= {"archive_url": "https://archive.example.org/x", "archive_date": None}
        import datetime

        data["archive_date"] = datetime.date(2026, 1, 1)
    source_services.source_update(source_id=source.pk, actor=chief, data=data)
    assert "statistic_unapproved" in _codes(explainer)


def test_statistics_of_an_explainer_are_not_reviewed_by_its_author(
    editor, chief, other_editor
):
    explainer = make_draft(other_editor)
    explainer.authors.add(chief)
    statistic = explainer.statistics.get()
    with pytest.raises(PermissionDenied, match="author of this explainer"):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=chief,
            expected_version=seen_statistic(statistic.pk),
        )


def test_make_statistic_is_refused_in_the_title_and_tokens_there_are_errors(editor):
    explainer = ExplainerFactory.create(
        created_by=editor, title="Why 40,000 troops massed"
    )
    title_finding = next(find_in(Field("title", explainer.title)))
    with pytest.raises(PlainTextField):
        statistic_create_from_finding(
            explainer_id=explainer.pk,
            actor=editor,
            fingerprint=title_finding.fingerprint,
        )
    assert reload(explainer).title == "Why 40,000 troops massed"

    content.explainer_update(
        explainer_id=explainer.pk,
        actor=editor,
        data={"title": "Why [[stat:troops]] massed"},
    )
    assert "token_in_plain_text" in _codes(explainer)


def test_admin_shows_a_published_slug_read_only(client, db):
    call_command("load_demo", password="demo-password-1")
    published = Explainer.objects.get(live_revision__isnull=False)
    client.login(username="editor", password="demo-password-1")
    page = client.get(f"/admin/explainers/explainer/{published.pk}/change/")
    assert 'name="slug"' not in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/api/v1/explainers/?q=%00",
        "/api/v1/newsroom/explainers/?q=a%00b",
    ],
)
def test_null_characters_in_addresses_are_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_feed_summaries_carry_the_standfirst_as_text(editor, reviewer, client):
    from tests.explainers.workflow_helpers import make_published

    make_published(editor, reviewer, standfirst='<img src=x onerror="alert(1)">')
    feed = client.get("/feeds/explainers/").content.decode()
    # Atom's summary is HTML carried as text: the standfirst must arrive
    # escaped twice in the XML, so a reader shows it as text, never as markup.
    assert "&amp;lt;img" in feed
    assert "&lt;img src" not in feed.replace("&amp;lt;img src", "")


def test_approve_then_publish_via_transitions_keeps_working(editor, reviewer):
    explainer = make_in_review(editor)
    for statistic in explainer.statistics.all():
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=reload(explainer).version,
        )
    transitions.explainer_approve(
        explainer_id=explainer.pk,
        actor=reviewer,
        expected_version=reload(explainer).version,
    )
    revision = transitions.explainer_publish(
        explainer_id=explainer.pk,
        actor=reviewer,
        expected_version=reload(explainer).version,
    )
    assert revision.number == 1
