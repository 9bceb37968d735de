"""The review workflow: who may take which transition, from where, and what it writes.

DESIGN.md, "Review workflow": draft → in_review → approved → published, plus
changes_requested and archived. "You may not" is PermissionDenied; "not
possible now" is InvalidTransition; a refusal changes nothing.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from explainers.errors import InvalidTransition, PublicationBlocked
from explainers.models import Explainer, PublishedRevision, TransitionLog
from explainers.services import content, review, transitions
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_in_review,
    make_published,
    recorded,
    reload,
)
from tests.factories import ExplainerFactory, SourceFactory
from tests.versions import seen

pytestmark = pytest.mark.django_db

State = Explainer.State
ROLES = ["editor", "reviewer", "chief", "outsider"]


def _submit(explainer, actor, comment="Ready for a read."):
    return transitions.explainer_submit(
        explainer_id=explainer.pk,
        actor=actor,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


def _request_changes(explainer, actor, comment="Name the source of the toll."):
    return transitions.explainer_request_changes(
        explainer_id=explainer.pk,
        actor=actor,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


def _approve(explainer, actor, comment="Checked."):
    return transitions.explainer_approve(
        explainer_id=explainer.pk,
        actor=actor,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


def _publish(explainer, actor, comment="First edition."):
    return transitions.explainer_publish(
        explainer_id=explainer.pk,
        actor=actor,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


def _unpublish(explainer, actor, comment="Legal asked us to take it down."):
    return transitions.explainer_unpublish(
        explainer_id=explainer.pk,
        actor=actor,
        comment=comment,
        expected_version=seen(explainer.pk),
    )


TAKE = {
    "submit": _submit,
    "request_changes": _request_changes,
    "approve": _approve,
    "publish": _publish,
    "unpublish": _unpublish,
}

# (from, to, roles allowed, history reason label) per transition, as in DESIGN.md.
RULES = {
    "submit": (State.DRAFT, State.IN_REVIEW, {"editor", "chief"}, "Submit for review"),
    "request_changes": (
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        {"reviewer", "chief"},
        "Request changes",
    ),
    "approve": (State.IN_REVIEW, State.APPROVED, {"reviewer", "chief"}, "Approve"),
    "publish": (State.APPROVED, State.PUBLISHED, {"reviewer", "chief"}, "Publish"),
    "unpublish": (State.PUBLISHED, State.ARCHIVED, {"chief"}, "Unpublish and archive"),
}

REFUSAL_MESSAGES = {
    "submit": "Your role cannot submit explainers for review.",
    "request_changes": "Your role cannot request changes to explainers.",
    "approve": "Your role cannot approve explainers.",
    "publish": "Your role cannot publish explainers.",
    "unpublish": "Your role cannot unpublish explainers.",
}

FOUR_EYES_MESSAGE = (
    "You wrote or edited this version of the explainer; another reviewer must "
    "approve it (four eyes)."
)


@pytest.fixture
def staff(editor, reviewer, chief, outsider):
    return {
        "editor": editor,
        "reviewer": reviewer,
        "chief": chief,
        "outsider": outsider,
    }


def explainer_in(state, *, editor, reviewer):
    """An explainer by ``editor`` in ``state``, reached through the services."""
    if state == State.DRAFT:
        return make_draft(editor)
    if state == State.IN_REVIEW:
        return make_in_review(editor)
    if state == State.CHANGES_REQUESTED:
        explainer = make_in_review(editor)
        _request_changes(explainer, reviewer)
        return reload(explainer)
    if state == State.APPROVED:
        return make_approved(editor, reviewer)
    if state == State.PUBLISHED:
        return make_published(editor, reviewer)
    raise AssertionError(state)


PAIRS = [(name, role) for name in RULES for role in ROLES]


@pytest.mark.parametrize(
    ("name", "role"),
    [pair for pair in PAIRS if pair[1] in RULES[pair[0]][2]],
)
def test_allowed_roles_take_the_transition(name, role, staff, editor, reviewer):
    source_state, target, _, label = RULES[name]
    explainer = explainer_in(source_state, editor=editor, reviewer=reviewer)
    actor = staff[role]
    before = recorded(explainer)

    TAKE[name](explainer, actor)

    explainer = reload(explainer)
    assert explainer.state == target
    assert recorded(explainer).transition_logs == before.transition_logs + 1
    log = TransitionLog.objects.filter(explainer=explainer).first()
    assert (log.transition, log.from_state, log.to_state) == (
        name,
        source_state,
        target,
    )
    assert log.actor == actor
    assert log.comment
    latest = explainer.history.first()
    assert latest.history_user == actor
    assert latest.history_change_reason == f"{label}: {log.comment}"
    assert latest.state == target


@pytest.mark.parametrize(
    ("name", "role"),
    [pair for pair in PAIRS if pair[1] not in RULES[pair[0]][2]],
)
def test_other_roles_are_refused_and_nothing_changes(
    name, role, staff, editor, reviewer
):
    source_state = RULES[name][0]
    explainer = explainer_in(source_state, editor=editor, reviewer=reviewer)
    before = recorded(explainer)

    with pytest.raises(PermissionDenied) as refused:
        TAKE[name](explainer, staff[role])

    assert str(refused.value) == REFUSAL_MESSAGES[name]
    assert recorded(explainer) == before


def test_transition_log_records_actor_states_and_comment(editor, reviewer):
    explainer = make_in_review(editor)

    _request_changes(explainer, reviewer, comment="  Who counted the refugees?  ")

    log = TransitionLog.objects.get(explainer=explainer, transition="request_changes")
    assert log.actor == reviewer
    assert log.from_state == State.IN_REVIEW
    assert log.to_state == State.CHANGES_REQUESTED
    assert log.comment == "Who counted the refugees?"
    history = reload(explainer).history.first()
    assert history.history_user == reviewer
    assert history.history_change_reason == "Request changes: Who counted the refugees?"


def test_editor_resubmits_after_changes_were_requested(editor, reviewer):
    explainer = make_in_review(editor)
    _request_changes(explainer, reviewer)

    _submit(explainer, editor)

    log = TransitionLog.objects.filter(explainer=explainer).first()
    assert reload(explainer).state == State.IN_REVIEW
    assert (log.from_state, log.to_state) == (State.CHANGES_REQUESTED, State.IN_REVIEW)


@pytest.mark.parametrize("comment", ["", "   "])
def test_request_changes_without_a_comment_is_refused(comment, editor, reviewer):
    explainer = make_in_review(editor)
    before = recorded(explainer)

    with pytest.raises(ValidationError) as refused:
        _request_changes(explainer, reviewer, comment=comment)

    assert "comment" in refused.value.message_dict
    assert recorded(explainer) == before


# --- Transitions that are not possible in the current state ------------------


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("submit", State.IN_REVIEW),
        ("submit", State.APPROVED),
        ("submit", State.PUBLISHED),
        ("request_changes", State.DRAFT),
        ("request_changes", State.CHANGES_REQUESTED),
        ("request_changes", State.APPROVED),
        ("approve", State.DRAFT),
        ("approve", State.CHANGES_REQUESTED),
        ("approve", State.APPROVED),
        ("publish", State.PUBLISHED),
        ("unpublish", State.DRAFT),
        ("unpublish", State.APPROVED),
    ],
)
def test_transition_from_the_wrong_state_is_invalid(
    name, state, editor, reviewer, chief
):
    """Chief holds every permission, so only the state can refuse."""
    explainer = explainer_in(state, editor=editor, reviewer=reviewer)
    before = recorded(explainer)

    with pytest.raises(InvalidTransition):
        TAKE[name](explainer, chief)

    assert recorded(explainer) == before


def test_unpublish_of_an_archived_explainer_is_invalid(editor, reviewer, chief):
    explainer = make_published(editor, reviewer)
    _unpublish(explainer, chief)
    before = recorded(explainer)

    with pytest.raises(InvalidTransition):
        _unpublish(explainer, chief)

    assert recorded(explainer) == before


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW])
def test_publish_before_approval_is_blocked_by_the_gate(state, editor, reviewer):
    """The gate answers first, so the reason names what is missing."""
    explainer = explainer_in(state, editor=editor, reviewer=reviewer)
    before = recorded(explainer)

    with pytest.raises(PublicationBlocked) as refused:
        _publish(explainer, reviewer)

    assert "explainer_unapproved" in {p.code for p in refused.value.problems}
    assert recorded(explainer) == before


# --- Four eyes ---------------------------------------------------------------


@pytest.mark.parametrize("relation", ["author", "creator", "last_editor"])
def test_reviewer_who_wrote_or_last_edited_cannot_approve(
    relation, editor, reviewer, other_reviewer
):
    fields = {
        "author": {"created_by": editor, "authors": [editor, reviewer]},
        "creator": {"created_by": reviewer, "authors": [editor]},
        "last_editor": {"created_by": editor, "last_edited_by": reviewer},
    }[relation]
    fields.setdefault("last_edited_by", editor)
    explainer = ExplainerFactory.create(**fields)
    _submit(explainer, editor)
    before = recorded(explainer)

    with pytest.raises(PermissionDenied) as refused:
        _approve(explainer, reviewer)

    assert str(refused.value) == FOUR_EYES_MESSAGE
    assert recorded(explainer) == before

    _approve(explainer, other_reviewer)
    assert reload(explainer).state == State.APPROVED


def test_an_edit_during_review_needs_a_new_submission(editor, reviewer):
    """The reviewer decides on the version that was submitted, not a later one."""
    explainer = make_in_review(editor)
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"standfirst": "Tighter dek."}
    )
    assert reload(explainer).state == State.DRAFT
    with pytest.raises(InvalidTransition):
        _approve(explainer, reviewer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    _approve(explainer, reviewer)
    assert reload(explainer).state == State.APPROVED


def test_chief_who_edited_the_text_in_review_cannot_approve_it(editor, chief, reviewer):
    explainer = make_in_review(editor)
    content.explainer_update(
        explainer_id=explainer.pk, actor=chief, data={"standfirst": "Tighter dek."}
    )
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    before = recorded(explainer)

    with pytest.raises(PermissionDenied) as refused:
        _approve(explainer, chief)

    assert str(refused.value) == FOUR_EYES_MESSAGE
    assert recorded(explainer) == before
    _approve(explainer, reviewer)
    assert reload(explainer).state == State.APPROVED


# --- Editing content after approval or publication ---------------------------


def _edit_title(explainer, actor):
    content.explainer_update(
        explainer_id=explainer.pk, actor=actor, data={"title": "A sharper title"}
    )


def _add_box(explainer, actor):
    content.box_create(
        explainer_id=explainer.pk,
        actor=actor,
        data={
            "kind": "timeline",
            "title": "Timeline",
            "body": "Events.",
            "position": 9,
        },
    )


def _edit_box(explainer, actor):
    box = explainer.boxes.get()
    content.box_update(box_id=box.pk, actor=actor, data={"body": "Revised history."})


def _delete_box(explainer, actor):
    content.box_delete(box_id=explainer.boxes.get().pk, actor=actor)


def _add_statistic(explainer, actor):
    content.statistic_create(
        explainer_id=explainer.pk,
        actor=actor,
        data={
            "key": "new-figure",
            "claim": "Strikes recorded in the city in March.",
            "display_text": "40 strikes",
            "value": Decimal(40),
            "unit": "strikes",
            "as_of": datetime.date(2025, 3, 31),
        },
    )


def _edit_statistic(explainer, actor):
    statistic = explainer.statistics.get()
    content.statistic_update(
        statistic_id=statistic.pk,
        actor=actor,
        data={"display_text": "more than 1,200 people"},
    )


def _delete_statistic(explainer, actor):
    content.statistic_delete(statistic_id=explainer.statistics.get().pk, actor=actor)


def _add_citation(explainer, actor):
    content.citation_create(
        statistic_id=explainer.statistics.get().pk,
        actor=actor,
        data={"source": SourceFactory.create(), "locator": "table 2"},
    )


def _edit_citation(explainer, actor):
    citation = explainer.statistics.get().citations.get()
    content.citation_update(
        citation_id=citation.pk, actor=actor, data={"locator": "p. 7"}
    )


def _delete_citation(explainer, actor):
    citation = explainer.statistics.get().citations.get()
    content.citation_delete(citation_id=citation.pk, actor=actor)


CONTENT_EDITS = {
    "explainer field": _edit_title,
    "box added": _add_box,
    "box edited": _edit_box,
    "box deleted": _delete_box,
    "statistic added": _add_statistic,
    "statistic edited": _edit_statistic,
    "statistic deleted": _delete_statistic,
    "citation added": _add_citation,
    "citation edited": _edit_citation,
    "citation deleted": _delete_citation,
}


@pytest.mark.parametrize("edit", CONTENT_EDITS)
def test_editing_an_approved_explainer_sends_it_back_to_draft(edit, editor, reviewer):
    explainer = make_approved(editor, reviewer)
    before = recorded(explainer)

    CONTENT_EDITS[edit](explainer, editor)

    after = recorded(explainer)
    assert after.state == State.DRAFT
    assert after.version > before.version
    assert after.live_revision_id is None
    log = TransitionLog.objects.filter(explainer=explainer).first()
    assert (log.transition, log.from_state, log.to_state, log.actor) == (
        "edit",
        State.APPROVED,
        State.DRAFT,
        editor,
    )
    assert reload(explainer).last_edited_by == editor


def test_an_edit_that_changes_nothing_keeps_the_approval(editor, reviewer):
    explainer = make_approved(editor, reviewer)
    before = recorded(explainer)

    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": explainer.title}
    )

    assert recorded(explainer) == before


@pytest.mark.parametrize("edit", CONTENT_EDITS)
def test_editing_a_published_explainer_keeps_the_live_revision_public(
    edit, editor, reviewer
):
    explainer = make_published(editor, reviewer)
    before = recorded(explainer)

    CONTENT_EDITS[edit](explainer, editor)

    after = recorded(explainer)
    assert after.state == State.DRAFT
    assert after.version > before.version
    assert after.live_revision_id == before.live_revision_id is not None
    assert after.published_revisions == before.published_revisions
    assert Explainer.objects.live().filter(pk=explainer.pk).exists()
    log = TransitionLog.objects.filter(explainer=explainer).first()
    assert (log.from_state, log.to_state) == (State.PUBLISHED, State.DRAFT)


# --- Unpublish ---------------------------------------------------------------


def test_unpublish_archives_and_takes_the_explainer_off_the_site(
    editor, reviewer, chief
):
    explainer = make_published(editor, reviewer)
    revision_id = explainer.live_revision_id
    assert revision_id is not None

    _unpublish(explainer, chief)

    explainer = reload(explainer)
    assert explainer.state == State.ARCHIVED
    assert explainer.live_revision_id is None
    assert not Explainer.objects.live().filter(pk=explainer.pk).exists()
    # What was published stays on record.
    assert PublishedRevision.objects.filter(pk=revision_id).exists()


def test_chief_can_take_down_a_published_explainer_being_redrafted(
    editor, reviewer, chief
):
    explainer = make_published(editor, reviewer)
    _edit_title(explainer, editor)

    _unpublish(explainer, chief)

    explainer = reload(explainer)
    assert explainer.state == State.ARCHIVED
    assert explainer.live_revision_id is None
    log = TransitionLog.objects.filter(explainer=explainer).first()
    assert (log.from_state, log.to_state) == (State.DRAFT, State.ARCHIVED)


# --- Long comments ---------------------------------------------------------------


def test_a_long_review_comment_is_recorded_in_full(editor, reviewer):
    explainer = make_in_review(editor)
    comment = (
        "The displacement figure comes from a press release that cites no "
        "methodology; please find the agency's own dataset, quote the passage "
        "that gives the number and say whether it counts people or households. "
    ) * 2

    _request_changes(explainer, reviewer, comment=comment)

    log = TransitionLog.objects.get(explainer=explainer, transition="request_changes")
    assert log.comment == comment.strip()
    history = reload(explainer).history.first()
    assert history.history_user == reviewer
    assert history.history_change_reason == f"Request changes: {comment.strip()}"


def test_a_published_explainers_slug_cannot_change(editor, reviewer):
    explainer = make_published(editor, reviewer)
    slug = explainer.slug
    with pytest.raises(ValidationError) as excinfo:
        content.explainer_update(
            explainer_id=explainer.pk, actor=editor, data={"slug": "another-address"}
        )
    assert "slug" in excinfo.value.message_dict
    assert reload(explainer).slug == slug


def test_anyone_who_edited_this_version_cannot_approve_it(
    editor, chief, other_reviewer
):
    """Not only the last editor: a chief's edit earlier in the draft counts too."""
    explainer = make_draft(editor)
    content.explainer_update(
        explainer_id=explainer.pk, actor=chief, data={"standfirst": "Chief's dek."}
    )
    content.explainer_update(
        explainer_id=explainer.pk, actor=editor, data={"title": "Editor's title"}
    )
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )

    with pytest.raises(PermissionDenied, match="four eyes"):
        _approve(explainer, chief)
    _approve(explainer, other_reviewer)
    assert reload(explainer).state == State.APPROVED


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
