"""A source's editorial status: current, corrected or retracted, with a note.

Only reviewers and chief editors mark it, through ``source_mark_status``.
Marking a source corrected or retracted lapses the approval of every claim
citing it in one set-based action (a history row per claim, written in
bulk) and tells the authors (``approvals_lapsed`` after commit).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from explainers.models import Statistic
from explainers.signals import approvals_lapsed
from sources.models import Citation, Source
from sources.services import source_mark_status
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_draft,
    make_published_citing,
)
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

RETRACTED = Source.Status.RETRACTED
CORRECTED = Source.Status.CORRECTED


def _cited_by_published(source, editor, reviewer, explainers: int):
    """``explainers`` live explainers whose approved statistic cites ``source``."""
    for letter in "abcdefgh"[:explainers]:
        make_published_citing(source, editor, reviewer, slug=f"cites-{letter}")


@pytest.fixture
def lapses():
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    approvals_lapsed.connect(receiver)
    yield sent
    approvals_lapsed.disconnect(receiver)


@pytest.mark.parametrize("persona", ["reviewer", "chief"])
def test_reviewers_and_chief_editors_mark_a_source_retracted(persona, request):
    actor = request.getfixturevalue(persona)
    source = SourceFactory.create()

    source_mark_status(
        source_id=source.pk,
        status=RETRACTED,
        note="Withdrawn: wrong data.",
        actor=actor,
    )

    source.refresh_from_db()
    assert (source.status, source.status_note) == (RETRACTED, "Withdrawn: wrong data.")
    assert source.status_changed_by == actor
    assert source.history.first().history_change_reason == (
        "Marked retracted by its publisher: Withdrawn: wrong data."
    )


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_editors_and_outsiders_may_not_mark_a_source(persona, request):
    actor = request.getfixturevalue(persona)
    source = SourceFactory.create()

    with pytest.raises(
        PermissionDenied,
        match="Only reviewers and chief editors can mark a source corrected",
    ):
        source_mark_status(
            source_id=source.pk, status=RETRACTED, note="Withdrawn.", actor=actor
        )

    source.refresh_from_db()
    assert source.status == Source.Status.CURRENT
    assert source.history.count() == 1


@pytest.mark.parametrize("status", [CORRECTED, RETRACTED])
def test_a_correction_or_retraction_needs_a_note(status, reviewer):
    source = SourceFactory.create()
    with pytest.raises(ValidationError, match="Say what its publisher corrected"):
        source_mark_status(
            source_id=source.pk, status=status, note="  ", actor=reviewer
        )
    source.refresh_from_db()
    assert source.status == Source.Status.CURRENT


def test_an_unknown_status_is_refused(reviewer):
    source = SourceFactory.create()
    with pytest.raises(ValidationError, match="Choose one of"):
        source_mark_status(
            source_id=source.pk, status="doubtful", note="x", actor=reviewer
        )


@pytest.mark.parametrize("status", [CORRECTED, RETRACTED])
def test_marking_lapses_every_citing_approval_with_history_and_a_signal(
    status, editor, reviewer, chief, lapses, django_capture_on_commit_callbacks
):
    source = SourceFactory.create(title="Agency report")
    _cited_by_published(source, editor, reviewer, 3)
    citing = list(
        Statistic.objects.filter(citations__source=source).values_list("pk", flat=True)
    )

    with django_capture_on_commit_callbacks(execute=True):
        source_mark_status(
            source_id=source.pk, status=status, note="Figures revised.", actor=chief
        )

    for statistic in Statistic.objects.filter(pk__in=citing):
        assert statistic.review_state == Statistic.ReviewState.PENDING
        assert statistic.lapsed_at is not None
        latest = statistic.history.first()
        assert latest.history_user == chief
        assert latest.history_change_reason.startswith(
            "Review lapsed: its source 'UN Office for the Coordination of "
            "Humanitarian Affairs: Agency report' was marked"
        )
        # The chief changed no claim: they may review it again.
        assert statistic.last_edited_by != chief
    [sent] = lapses
    assert sent["statistic_ids"] == sorted(citing)
    assert sent["actor_id"] == chief.pk
    assert "Figures revised." in sent["reason"]


@pytest.mark.parametrize("explainers", [1, 5])
def test_the_lapse_costs_the_same_queries_for_one_or_many_claims(
    explainers, editor, reviewer, chief, django_assert_num_queries
):
    source = SourceFactory.create()
    _cited_by_published(source, editor, reviewer, explainers)
    # The role (two permission reads), then in a savepoint (two): lock the
    # source, save it and its history; the approved statistics citing it, one
    # UPDATE, one read of the lapsed rows, one bulk history insert; the live
    # listings citing it and one batched UPDATE of their notices.
    with django_assert_num_queries(13):
        source_mark_status(
            source_id=source.pk, status=RETRACTED, note="Withdrawn.", actor=chief
        )
    assert not Statistic.objects.filter(
        review_state="approved", citations__source=source
    )


def test_rejected_claims_stay_rejected(editor, reviewer, chief):
    explainer = make_draft(editor)
    statistic = explainer.statistics.get()
    Statistic.objects.filter(pk=statistic.pk).update(
        review_state="rejected", reviewed_by=reviewer, reviewed_at="2026-01-01T00:00Z"
    )
    source = statistic.citations.get().source

    source_mark_status(
        source_id=source.pk, status=RETRACTED, note="Withdrawn.", actor=chief
    )

    statistic.refresh_from_db()
    assert statistic.review_state == Statistic.ReviewState.REJECTED


def test_marking_a_source_as_it_is_changes_nothing(editor, reviewer, chief, lapses):
    source = SourceFactory.create()
    _cited_by_published(source, editor, reviewer, 1)
    source_mark_status(
        source_id=source.pk, status=CORRECTED, note="Table 2 fixed.", actor=chief
    )
    rows = source.history.count()

    source_mark_status(
        source_id=source.pk, status=CORRECTED, note="Table 2 fixed.", actor=reviewer
    )

    assert source.history.count() == rows
    source.refresh_from_db()
    assert source.status_changed_by == chief


def test_a_source_marked_current_again_lapses_nothing(editor, reviewer, chief):
    source = SourceFactory.create()
    source_mark_status(source_id=source.pk, status=RETRACTED, note="Oops.", actor=chief)
    explainer = make_draft(editor)
    Citation.objects.filter(statistic__explainer=explainer).update(source=source)
    approve_statistics(explainer, reviewer)

    source_mark_status(source_id=source.pk, status="current", note="", actor=chief)

    assert explainer.statistics.get().review_state == Statistic.ReviewState.APPROVED


def test_the_database_refuses_a_retraction_without_a_note():
    from django.db import IntegrityError, transaction

    source = SourceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(status=RETRACTED, status_note="")
