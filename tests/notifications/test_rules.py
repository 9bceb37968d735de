"""Who is notified of each editorial event, and who is not.

Receivers run after the editorial transaction commits, so every step runs
inside ``django_capture_on_commit_callbacks(execute=True)``.
"""

import pytest

from explainers.errors import InvalidTransition, PublicationBlocked
from explainers.services import content, review, transitions
from newsroom.roles import CHIEF_EDITORS, REVIEWERS
from newsroom.second_factor import vouch
from notifications.models import Notification, Verb
from notifications.receivers import on_transition
from sources import services as source_services
from tests.explainers.workflow_helpers import (
    approve_statistics,
    make_draft,
    reload,
)
from tests.factories import UserFactory
from tests.versions import seen, seen_statistic

pytestmark = pytest.mark.django_db

REFUSED = (InvalidTransition, PublicationBlocked)


def told(verb: str) -> set[str]:
    return set(
        Notification.objects.filter(verb=verb).values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def co_author(roles):
    return UserFactory.create(username="coauthor", groups=["Editors"])


@pytest.fixture
def draft(editor, co_author):
    explainer = make_draft(editor, statistics=1)
    explainer.authors.add(co_author)
    return explainer


@pytest.fixture
def newsroom(reviewer, chief, other_editor):
    """Everyone else in the newsroom, who must not hear of what is not theirs."""
    retired = UserFactory.create(username="retired", groups=[REVIEWERS])
    retired.is_active = False
    retired.save()
    return {"retired": retired}


def submit(explainer, actor):
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=actor, expected_version=seen(explainer.pk)
    )


def test_a_submission_tells_the_reviewers_and_chiefs_only(
    draft, editor, newsroom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, editor)

    # Not the editor who submitted, their co-author, another editor, nor a
    # reviewer who left.
    assert told(Verb.SUBMITTED) == {"reviewer", "chief"}
    note = Notification.objects.get(recipient__username="reviewer")
    assert draft.title in note.text and "editor" in note.text
    assert note.url == f"/admin/explainers/explainer/{draft.pk}/change/"
    assert note.explainer_id == draft.pk and note.actor == editor


def test_a_chief_who_is_an_author_is_not_asked_to_review_it(
    draft, editor, chief, reviewer, django_capture_on_commit_callbacks
):
    draft.authors.add(chief)
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, editor)

    assert told(Verb.SUBMITTED) == {"reviewer"}


def test_requested_changes_tell_the_authors_with_the_comment(
    draft, editor, reviewer, newsroom, django_capture_on_commit_callbacks
):
    submit(draft, editor)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.explainer_request_changes(
            explainer_id=draft.pk,
            actor=reviewer,
            comment="Cite the agency's own report.",
            expected_version=seen(draft.pk),
        )

    assert told(Verb.CHANGES_REQUESTED) == {"editor", "coauthor"}
    assert all(
        "Cite the agency's own report." in text
        for text in Notification.objects.values_list("text", flat=True)
    )


@pytest.mark.parametrize("verb", [Verb.APPROVED, Verb.PUBLISHED, Verb.UNPUBLISHED])
def test_approval_publication_and_unpublication_tell_the_authors_not_the_actor(
    verb, draft, editor, reviewer, chief, newsroom, django_capture_on_commit_callbacks
):
    submit(draft, editor)
    approve_statistics(draft, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.explainer_approve(
            explainer_id=draft.pk, actor=reviewer, expected_version=seen(draft.pk)
        )
    with django_capture_on_commit_callbacks(execute=True):
        transitions.explainer_publish(
            explainer_id=draft.pk, actor=chief, expected_version=seen(draft.pk)
        )
    draft.authors.add(chief)  # the one who unpublishes is never told
    with django_capture_on_commit_callbacks(execute=True):
        transitions.explainer_unpublish(
            explainer_id=draft.pk,
            actor=chief,
            comment="Superseded.",
            expected_version=seen(draft.pk),
        )

    assert told(verb) == {"editor", "coauthor"}


def test_a_rejected_statistic_tells_the_authors_an_approved_one_nobody(
    draft, editor, reviewer, newsroom, django_capture_on_commit_callbacks
):
    statistic = draft.statistics.get()
    with django_capture_on_commit_callbacks(execute=True):
        review.statistic_reject(
            statistic_id=statistic.pk,
            actor=reviewer,
            note="The report says 900.",
            expected_version=seen_statistic(statistic.pk),
        )

    assert told(Verb.STATISTIC_REJECTED) == {"editor", "coauthor"}
    note = Notification.objects.filter(verb=Verb.STATISTIC_REJECTED).first()
    assert note is not None
    assert "The report says 900." in note.text
    assert note.statistic_id == statistic.pk
    assert note.url == f"/admin/explainers/statistic/{statistic.pk}/change/"

    content.statistic_update(
        statistic_id=statistic.pk, actor=editor, data={"display_text": "about 900"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=seen_statistic(statistic.pk),
        )
    assert Notification.objects.exclude(verb=Verb.STATISTIC_REJECTED).count() == 0


def test_a_lapsed_approval_tells_the_authors_but_not_who_changed_it(
    draft, editor, reviewer, newsroom, django_capture_on_commit_callbacks
):
    approve_statistics(draft, reviewer)
    statistic = draft.statistics.get()
    with django_capture_on_commit_callbacks(execute=True):
        content.statistic_update(
            statistic_id=statistic.pk, actor=editor, data={"display_text": "over 900"}
        )

    assert told(Verb.APPROVAL_LAPSED) == {"coauthor"}
    note = Notification.objects.get()
    assert "over 900" in note.text and "lapsed" in note.text


def test_a_source_change_tells_each_explainer_s_authors_once(
    editor, other_editor, reviewer, newsroom, django_capture_on_commit_callbacks
):
    first = make_draft(editor, statistics=2)
    second = make_draft(other_editor, statistics=1)
    source = first.statistics.first().citations.get().source
    for statistic in [*first.statistics.all(), second.statistics.get()]:
        statistic.citations.update(source=source)
    approve_statistics(first, reviewer)
    approve_statistics(second, reviewer)
    chief_editor = vouch(
        UserFactory.create(username="sourcer", groups=[CHIEF_EDITORS]), by="test"
    )

    with django_capture_on_commit_callbacks(execute=True):
        source_services.source_update(
            source_id=source.pk, actor=chief_editor, data={"title": "Renamed report"}
        )

    rows = Notification.objects.filter(verb=Verb.APPROVAL_LAPSED)
    assert sorted(rows.values_list("recipient__username", "explainer_id")) == sorted(
        [("editor", first.pk), ("editor2", second.pk)]
    )
    assert "the approvals of 2 figures" in rows.get(explainer=first).text


def test_the_same_event_received_twice_notifies_once(
    draft, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, editor)
    on_transition(
        explainer_id=draft.pk,
        name="submit",
        actor_id=editor.pk,
        from_state="draft",
        to_state="in_review",
        comment="",
        revision_id=None,
    )

    assert Notification.objects.filter(recipient=reviewer).count() == 1


def test_a_second_submission_is_a_new_event(
    draft, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, editor)
    transitions.explainer_request_changes(
        explainer_id=draft.pk,
        actor=reviewer,
        comment="Shorter, please.",
        expected_version=seen(draft.pk),
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(reload(draft), editor)

    assert Notification.objects.filter(recipient=reviewer).count() == 2


def test_a_refused_transition_tells_nobody(
    draft, editor, reviewer, django_capture_on_commit_callbacks
):
    submit(draft, editor)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(REFUSED):
        transitions.explainer_publish(
            explainer_id=draft.pk, actor=reviewer, expected_version=seen(draft.pk)
        )

    assert not Notification.objects.filter(verb=Verb.PUBLISHED).exists()


def test_a_scheduled_publication_refused_at_its_time_tells_authors_and_scheduler(
    editor, co_author, reviewer, other_reviewer, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from explainers.models import Statistic
    from explainers.services import scheduling
    from tests.explainers.workflow_helpers import make_approved

    explainer = make_approved(editor, reviewer)
    explainer.authors.add(co_author)
    at = timezone.now() + timedelta(minutes=5)
    scheduling.explainer_schedule(
        explainer_id=explainer.pk,
        actor=other_reviewer,
        action="publish",
        at=at,
        expected_version=seen(explainer.pk),
    )
    # The approval no longer matches what it covered by the time it is due.
    Statistic.objects.filter(explainer=explainer).update(reviewed_digest="stale")

    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_due_schedules(at + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_due_schedules(at + timedelta(seconds=2))  # nothing more

    assert told(Verb.SCHEDULE_REFUSED) == {"editor", "coauthor", "reviewer2"}
    note = Notification.objects.filter(verb=Verb.SCHEDULE_REFUSED).first()
    assert note is not None
    assert "did not happen" in note.text
    assert Notification.objects.filter(verb=Verb.SCHEDULE_REFUSED).count() == 3
