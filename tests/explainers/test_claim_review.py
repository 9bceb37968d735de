"""Claim review: reviewers approve or reject statistics one by one.

DESIGN.md: "a reviewer other than its author has approved each claim" and
"An approval is bound to the exact content it approved (claim, display text,
value, citations): change any of it and the approval lapses."
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from explainers import gate
from explainers.errors import InvalidTransition
from explainers.models import Statistic
from explainers.services import content, review
from newsroom.errors import StaleWrite
from sources import services as source_services
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_in_review,
)
from tests.factories import CitationFactory, SourceFactory, StatisticFactory
from tests.versions import seen_statistic

pytestmark = pytest.mark.django_db

Review = Statistic.ReviewState
ROLE_REFUSAL = "Your role cannot review statistics."
FOUR_EYES_REFUSAL = (
    "You created or changed this statistic (or its citations or a source it "
    "cites) since it was last approved; another reviewer must review it (four "
    "eyes)."
)


@pytest.fixture
def staff(editor, reviewer, chief, outsider):
    return {
        "editor": editor,
        "reviewer": reviewer,
        "chief": chief,
        "outsider": outsider,
    }


@pytest.fixture
def statistic(editor):
    """A cited, pending statistic written by ``editor``."""
    return make_draft(editor).statistics.get()


@pytest.fixture
def approved(statistic, reviewer):
    return review.statistic_approve(
        statistic_id=statistic.pk,
        actor=reviewer,
        expected_version=seen_statistic(statistic.pk),
    )


def _approve(statistic, actor):
    return review.statistic_approve(
        statistic_id=statistic.pk,
        actor=actor,
        note="Matches the report.",
        expected_version=seen_statistic(statistic.pk),
    )


def _reject(statistic, actor):
    return review.statistic_reject(
        statistic_id=statistic.pk,
        actor=actor,
        note="The report says 900.",
        expected_version=seen_statistic(statistic.pk),
    )


REVIEWS = {"approve": (_approve, Review.APPROVED), "reject": (_reject, Review.REJECTED)}


def review_fields(statistic) -> tuple:
    row = Statistic.objects.get(pk=statistic.pk)
    return (
        row.review_state,
        row.reviewed_by_id,
        row.reviewed_at,
        row.review_note,
        row.reviewed_digest,
        row.history.count(),
    )


def reload(statistic) -> Statistic:
    return Statistic.objects.get(pk=statistic.pk)


# --- Who may review ----------------------------------------------------------


@pytest.mark.parametrize("action", REVIEWS)
@pytest.mark.parametrize("role", ["reviewer", "chief"])
def test_reviewers_and_chiefs_review_statistics(action, role, statistic, staff):
    do, expected_state = REVIEWS[action]
    actor = staff[role]

    do(statistic, actor)

    row = reload(statistic)
    assert row.review_state == expected_state
    assert row.reviewed_by == actor
    assert row.reviewed_at is not None
    assert row.reviewed_digest
    latest = row.history.first()
    assert latest.history_user == actor
    assert latest.history_change_reason == f"{expected_state.label}: {row.review_note}"


@pytest.mark.parametrize("action", REVIEWS)
@pytest.mark.parametrize("role", ["editor", "outsider"])
def test_other_roles_cannot_review_statistics(action, role, statistic, staff):
    do, _ = REVIEWS[action]
    before = review_fields(statistic)

    with pytest.raises(PermissionDenied) as refused:
        do(statistic, staff[role])

    assert str(refused.value) == ROLE_REFUSAL
    assert review_fields(statistic) == before


@pytest.mark.parametrize("note", ["", "   "])
def test_reject_needs_a_note(note, statistic, reviewer):
    before = review_fields(statistic)

    with pytest.raises(ValidationError) as refused:
        review.statistic_reject(
            statistic_id=statistic.pk,
            actor=reviewer,
            note=note,
            expected_version=seen_statistic(statistic.pk),
        )

    assert "note" in refused.value.message_dict
    assert review_fields(statistic) == before


def test_approving_an_uncited_statistic_is_refused(editor, reviewer):
    statistic = StatisticFactory.create(explainer=make_draft(editor, statistics=0))
    before = review_fields(statistic)

    with pytest.raises(InvalidTransition):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=seen_statistic(statistic.pk),
        )

    assert review_fields(statistic) == before


# --- Four eyes ---------------------------------------------------------------


@pytest.mark.parametrize("action", REVIEWS)
def test_reviewer_who_created_a_statistic_cannot_review_it(
    action, editor, reviewer, other_reviewer
):
    # Who changed it later is read from history:
    # tests/explainers/test_four_eyes_history.py.
    explainer = make_draft(editor, statistics=0)
    statistic = StatisticFactory.create(
        explainer=explainer, created_by=reviewer, last_edited_by=editor
    )
    CitationFactory.create(statistic=statistic)
    do, expected_state = REVIEWS[action]
    before = review_fields(statistic)

    with pytest.raises(PermissionDenied) as refused:
        do(statistic, reviewer)

    assert str(refused.value) == FOUR_EYES_REFUSAL
    assert review_fields(statistic) == before
    do(statistic, other_reviewer)
    assert reload(statistic).review_state == expected_state


def _chief_creates(explainer, chief):
    statistic = content.statistic_create(
        explainer_id=explainer.pk,
        actor=chief,
        data={
            "key": "chief-figure",
            "claim": "Homes destroyed in the district by March.",
            "display_text": "about 300 homes",
            "value": Decimal(300),
            "unit": "homes",
        },
    )
    CitationFactory.create(statistic=statistic)
    return statistic


def _chief_edits(explainer, chief):
    statistic = explainer.statistics.get()
    content.statistic_update(
        statistic_id=statistic.pk, actor=chief, data={"unit": "residents"}
    )
    return statistic


def _chief_cites(explainer, chief):
    statistic = explainer.statistics.get()
    content.citation_create(
        statistic_id=statistic.pk,
        actor=chief,
        data={"source": SourceFactory.create(), "locator": "annex 1"},
    )
    return statistic


def _chief_edits_citation(explainer, chief):
    statistic = explainer.statistics.get()
    content.citation_update(
        citation_id=statistic.citations.get().pk,
        actor=chief,
        data={"quote": "More than 1,000 people were displaced."},
    )
    return statistic


def _chief_removes_citation(explainer, chief):
    statistic = explainer.statistics.get()
    CitationFactory.create(
        statistic=statistic
    )  # one stays, so it can still be approved
    content.citation_delete(citation_id=statistic.citations.first().pk, actor=chief)
    return statistic


@pytest.mark.parametrize(
    "change",
    [
        _chief_creates,
        _chief_edits,
        _chief_cites,
        _chief_edits_citation,
        _chief_removes_citation,
    ],
    ids=["created", "edited", "cited", "citation-edited", "citation-removed"],
)
def test_chief_who_wrote_or_changed_a_statistic_or_its_citations_cannot_approve_it(
    change, editor, chief, reviewer
):
    statistic = change(make_draft(editor), chief)
    before = review_fields(statistic)

    with pytest.raises(PermissionDenied) as refused:
        _approve(statistic, chief)

    assert str(refused.value) == FOUR_EYES_REFUSAL
    assert review_fields(statistic) == before
    _approve(statistic, reviewer)
    assert reload(statistic).review_state == Review.APPROVED


# --- An approval lapses when what it approved changes ------------------------


def _update(**data):
    def change(statistic, editor):
        content.statistic_update(statistic_id=statistic.pk, actor=editor, data=data)

    return change


def _add_citation(statistic, editor):
    content.citation_create(
        statistic_id=statistic.pk,
        actor=editor,
        data={"source": SourceFactory.create(), "locator": "p. 2"},
    )


def _change_citation(statistic, editor):
    content.citation_update(
        citation_id=statistic.citations.get().pk,
        actor=editor,
        data={"locator": "p. 19"},
    )


def _remove_citation(statistic, editor):
    content.citation_delete(citation_id=statistic.citations.get().pk, actor=editor)


def _update_source(**data):
    def change(statistic, editor):
        source = statistic.citations.get().source
        source_services.source_update(source_id=source.pk, actor=editor, data=data)

    return change


LAPSING_CHANGES = {
    "claim": _update(claim="People displaced in the whole oblast."),
    "display_text": _update(display_text="over 1,000 people"),
    "value": _update(value=Decimal("1001")),
    "unit": _update(unit="households"),
    "as_of": _update(as_of=datetime.date(2025, 2, 1)),
    "citation added": _add_citation,
    "citation changed": _change_citation,
    "citation removed": _remove_citation,
    "source title": _update_source(title="Flash update 12"),
    "source url": _update_source(url="https://example.org/moved/report"),
    "source publisher": _update_source(publisher="UNHCR"),
    "source published_date": _update_source(published_date=datetime.date(2024, 6, 1)),
}


def assert_lapsed(statistic):
    row = reload(statistic)
    assert row.review_state == Review.PENDING
    assert row.reviewed_by is None
    assert row.reviewed_at is None
    assert row.reviewed_digest == ""
    assert row.lapsed_at is not None  # the desk lists it as a lapsed figure
    reasons = list(row.history.values_list("history_change_reason", flat=True))
    lapsed = [r for r in reasons if r and "lapsed" in r.lower()]
    assert lapsed, reasons
    # The lapse is the newest entry: nothing after it re-approved silently.
    assert reasons[0] == lapsed[0]


@pytest.mark.parametrize("change", LAPSING_CHANGES)
def test_approval_lapses_when_its_content_changes(change, approved, editor):
    LAPSING_CHANGES[change](approved, editor)

    assert_lapsed(approved)


def test_rejection_lapses_back_to_pending_when_the_claim_is_corrected(
    statistic, reviewer, editor
):
    _reject(statistic, reviewer)

    _update(display_text="about 900 people", value=Decimal(900))(statistic, editor)

    assert_lapsed(statistic)


def test_source_change_lapses_every_statistic_citing_it(editor, reviewer):
    explainer = make_draft(editor, statistics=2)
    first, second = explainer.statistics.all()
    CitationFactory.create(statistic=second, source=first.citations.get().source)
    for statistic in (first, second):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=seen_statistic(statistic.pk),
        )

    _update_source(title="Renamed report")(first, editor)

    assert_lapsed(first)
    assert_lapsed(second)


def test_saving_the_same_data_keeps_the_approval(approved, editor):
    row = reload(approved)
    same = {
        field: getattr(row, field)
        for field in ("key", "claim", "display_text", "value", "unit", "as_of")
    }
    before = review_fields(approved)

    content.statistic_update(statistic_id=approved.pk, actor=editor, data=same)
    citation = row.citations.get()
    content.citation_update(
        citation_id=citation.pk,
        actor=editor,
        data={"source": citation.source, "locator": citation.locator},
    )
    source = citation.source
    source_services.source_update(
        source_id=source.pk,
        actor=editor,
        data={"title": source.title, "publisher": source.publisher},
    )

    assert review_fields(approved) == before


def test_value_written_differently_but_equal_keeps_the_approval(approved, editor):
    """1000 and 1000.00 are the same figure; the approval covers both."""
    content.statistic_update(
        statistic_id=approved.pk, actor=editor, data={"value": "1000.00"}
    )

    assert reload(approved).review_state == Review.APPROVED


def test_source_change_outside_the_approved_content_keeps_the_approval(
    approved, editor
):
    source = approved.citations.get().source

    source_services.source_update(
        source_id=source.pk,
        actor=editor,
        data={"reliability_note": "Counts verified cases only."},
    )

    assert reload(approved).review_state == Review.APPROVED


# --- Long notes and long source names --------------------------------------------


def latest_reason(statistic) -> str:
    return reload(statistic).history.first().history_change_reason


def test_a_long_rejection_note_is_accepted(statistic, reviewer):
    note = (
        "The cited report gives 900 displaced people for the district and 1,000 "
        "for the whole oblast; the claim mixes the two areas."
    )

    review.statistic_reject(
        statistic_id=statistic.pk,
        actor=reviewer,
        note=note,
        expected_version=seen_statistic(statistic.pk),
    )

    row = reload(statistic)
    assert (row.review_state, row.review_note) == (Review.REJECTED, note)
    assert latest_reason(statistic) == f"Rejected: {note}"  # kept in full


def test_citing_a_source_with_a_long_name_works(statistic, editor):
    source = SourceFactory.create(
        publisher="Office of the UN High Commissioner for Human Rights (OHCHR)",
        title="Report on the human rights situation in Ukraine, "
        "16 November 2019 to 15 February 2020",
    )

    content.citation_create(
        statistic_id=statistic.pk,
        actor=editor,
        data={"source": source, "locator": "para. 24"},
    )

    assert reload(statistic).citations.filter(source=source).exists()
    assert latest_reason(statistic) == f"Cited {source}"  # kept in full


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
    assert reload(statistic).review_state == "pending"


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
        data |= {
            "archive_url": "https://archive.example.org/x",
            "archive_date": datetime.date(2026, 1, 1),
        }
    source_services.source_update(source_id=source.pk, actor=chief, data=data)
    assert "statistic_unapproved" in {p.code for p in gate.problems(explainer)}
