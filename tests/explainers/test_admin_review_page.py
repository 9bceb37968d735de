"""One review page per explainer: each claim in its sentence, decided in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from explainers.models import Explainer, Statistic
from explainers.services import transitions
from tests.factories import (
    CitationFactory,
    ExplainerFactory,
    SourceFactory,
    StatisticFactory,
)
from tests.second_factor import verified_login

pytestmark = pytest.mark.django_db


def _in_review(editor, n: int) -> Explainer:
    explainer = ExplainerFactory.create(
        created_by=editor,
        last_edited_by=editor,
        authors=[editor],
        body=" ".join(
            f"Floods displaced [[stat:figure-{letter}]] in the valley."
            for letter in "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"[:n]
        ),
    )
    for i, letter in enumerate(
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"[:n]
    ):
        statistic = StatisticFactory.create(
            explainer=explainer,
            key=f"figure-{letter}" if i < 26 else f"figure-{letter}-{letter}",
            value=12000000,
            display_text=f"some {letter} people",
        )
        CitationFactory.create(
            statistic=statistic,
            source=SourceFactory.create(
                archive_url="https://archive.example.org/x", archive_date="2026-11-02"
            ),
            quote="The agency recorded the displaced people.",
        )
    transitions.explainer_submit(
        explainer_id=explainer.pk,
        actor=editor,
        expected_version=explainer.version,
    )
    explainer.refresh_from_db()
    return explainer


def _url(explainer: Explainer) -> str:
    return f"/admin/explainers/explainer/{explainer.pk}/review/"


def test_review_page_shows_each_claim_in_its_sentence_with_its_sources(
    client, editor, reviewer
):
    explainer = _in_review(editor, 2)
    verified_login(client, reviewer)

    page = client.get(_url(explainer)).content.decode()

    assert "Floods displaced <mark>some a people</mark> in the valley." in page
    assert "The agency recorded the displaced people." in page
    assert "12,000,000 people" in page  # no trailing zeros
    assert 'href="https://example.org/reports/' in page
    assert 'href="https://archive.example.org/x"' in page
    assert page.count('name="decision" value="approve"') == 2
    assert "Approve selected" in page
    assert "Request changes" in page


def test_reviewer_approves_one_claim_and_moves_to_the_next_pending(
    client, editor, reviewer
):
    explainer = _in_review(editor, 3)
    first, second, _ = explainer.statistics.order_by("pk")
    verified_login(client, reviewer)

    response = client.post(
        f"{_url(explainer)}decide/",
        {
            "statistic": first.pk,
            "decision": "approve",
            "expected_version": explainer.version,
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"{_url(explainer)}#stat-{second.pk}")
    first.refresh_from_db()
    assert first.review_state == Statistic.ReviewState.APPROVED
    assert first.reviewed_by == reviewer


def test_reviewer_approves_several_claims_each_recorded_on_its_own(
    client, editor, reviewer
):
    explainer = _in_review(editor, 3)
    ids = list(explainer.statistics.order_by("pk").values_list("pk", flat=True))
    verified_login(client, reviewer)

    client.post(
        f"{_url(explainer)}decide/",
        {
            "selected": ids[:2],
            "decision": "approve_selected",
            "expected_version": explainer.version,
        },
    )

    states = dict(
        Statistic.objects.filter(pk__in=ids).values_list("pk", "review_state")
    )
    assert states == {ids[0]: "approved", ids[1]: "approved", ids[2]: "pending"}
    for statistic in Statistic.objects.filter(pk__in=ids[:2]):
        assert statistic.history.first().history_change_reason == "Approved"


def test_reject_needs_a_note_and_changes_nothing_without_one(client, editor, reviewer):
    explainer = _in_review(editor, 1)
    statistic = explainer.statistics.get()
    verified_login(client, reviewer)
    data = {
        "statistic": statistic.pk,
        "decision": "reject",
        "expected_version": explainer.version,
    }

    refused = client.post(f"{_url(explainer)}decide/", data, follow=True)
    statistic.refresh_from_db()
    assert statistic.review_state == Statistic.ReviewState.PENDING
    assert "Say why the statistic is rejected" in refused.content.decode()

    client.post(f"{_url(explainer)}decide/", {**data, "note": "Wrong year."})
    statistic.refresh_from_db()
    assert statistic.review_state == Statistic.ReviewState.REJECTED
    assert statistic.review_note == "Wrong year."


def test_a_decision_on_a_version_no_longer_current_is_refused(client, editor, reviewer):
    explainer = _in_review(editor, 2)
    ids = list(explainer.statistics.values_list("pk", flat=True))
    verified_login(client, reviewer)

    response = client.post(
        f"{_url(explainer)}decide/",
        {
            "selected": ids,
            "decision": "approve_selected",
            "expected_version": explainer.version - 1,
        },
        follow=True,
    )

    assert not Statistic.objects.filter(pk__in=ids, review_state="approved").exists()
    assert "was not decided" in response.content.decode()


def test_the_author_sees_the_claims_but_cannot_decide_them(client, editor, reviewer):
    explainer = _in_review(editor, 1)
    statistic = explainer.statistics.get()
    client.force_login(editor)

    page = client.get(_url(explainer)).content.decode()
    assert "some a people" in page
    assert 'name="decision"' not in page

    client.post(
        f"{_url(explainer)}decide/",
        {
            "statistic": statistic.pk,
            "decision": "approve",
            "expected_version": explainer.version,
        },
    )
    statistic.refresh_from_db()
    assert statistic.review_state == Statistic.ReviewState.PENDING


def test_a_statistic_of_another_explainer_is_refused(client, editor, reviewer):
    explainer = _in_review(editor, 1)
    other = _in_review(editor, 1).statistics.get()
    verified_login(client, reviewer)

    response = client.post(
        f"{_url(explainer)}decide/",
        {"statistic": other.pk, "decision": "approve", "expected_version": 1},
        follow=True,
    )

    other.refresh_from_db()
    assert other.review_state == Statistic.ReviewState.PENDING
    assert "Choose at least one statistic of this explainer" in (
        response.content.decode()
    )


def test_request_changes_from_the_review_page_returns_to_it(client, editor, reviewer):
    explainer = _in_review(editor, 1)
    verified_login(client, reviewer)

    response = client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/request_changes/",
        {
            "comment": "Name the agency in the text.",
            "expected_version": explainer.version,
            "next": _url(explainer),
        },
    )

    assert response["Location"] == _url(explainer)
    explainer.refresh_from_db()
    assert explainer.state == Explainer.State.CHANGES_REQUESTED


def test_outsider_cannot_open_the_review_page(client, editor, outsider):
    explainer = _in_review(editor, 1)
    client.force_login(outsider)
    assert client.get(_url(explainer)).status_code == 403


def test_review_page_queries_do_not_grow_with_statistics(client, editor, reviewer):
    small, large = _in_review(editor, 5), _in_review(editor, 50)
    verified_login(client, reviewer)
    client.get(_url(small))  # Session and permission caches warm.

    with CaptureQueriesContext(connection) as five:
        assert client.get(_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(_url(large)).status_code == 200
    # The content is loaded once (explainers.selectors.load_context), the
    # four-eyes and workflow reads are per explainer, never per statistic.
    assert len(fifty) == len(five)
