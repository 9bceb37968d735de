"""The workflow transitions: the only code that changes an explainer's state.

Each transition has one shape: lock and re-read the row, check the actor's
permission on what was read, check the transition is legal now, write the
change with history, and write the audit entry, all in one transaction.
"""

from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from explainers import gate, selectors
from explainers.errors import InvalidTransition, PublicationBlocked
from explainers.listing import listing_publish, listing_remove
from explainers.models import (
    Correction,
    Explainer,
    PublishedRevision,
    RevisionSource,
    TransitionLog,
)
from explainers.permissions import require_transition
from explainers.services.content import lock_explainer
from explainers.signals import send_on_commit, transitioned
from explainers.snapshot import build_snapshot, search_text
from explainers.workflow import TRANSITIONS, is_legal
from newsroom.actors import Actor
from newsroom.services import save_with_history


def _begin(
    explainer_id: int,
    *,
    actor: Actor,
    name: str,
    comment: str,
    expected_version: int | None = None,
) -> Explainer:
    """Locks the explainer and checks ``actor`` may take transition ``name`` now.

    ``expected_version`` makes a reviewer's decision apply only to the version
    they read: a later edit makes it a StaleWrite. A gated transition is
    checked against the publication gate first, by its service, and only then
    against the workflow's states.
    """
    transition = TRANSITIONS[name]
    explainer = lock_explainer(
        explainer_id, expected_version=expected_version, version_required=True
    )
    require_transition(actor, explainer, name)
    if not transition.gated:
        _require_legal(explainer, name)
    if transition.comment_required and not comment:
        raise ValidationError({"comment": "Say what needs to change."})
    return explainer


def _require_legal(explainer: Explainer, name: str) -> None:
    if not is_legal(
        name, state=explainer.state, has_live_revision=bool(explainer.live_revision_id)
    ):
        state = Explainer.State(explainer.state).label.lower()
        raise InvalidTransition(
            f"Cannot {TRANSITIONS[name].label.lower()}: the explainer is {state}."
        )


def _finish(
    explainer: Explainer,
    *,
    actor: Actor,
    name: str,
    comment: str,
    to_state: str,
    revision_id: int | None = None,
) -> TransitionLog:
    from_state = explainer.state
    explainer.state = to_state
    explainer._workflow_change = True
    save_with_history(
        explainer,
        actor=actor,
        reason=f"{TRANSITIONS[name].label}" + (f": {comment}" if comment else ""),
    )
    log = TransitionLog.objects.create(
        explainer=explainer,
        transition=name,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
    )
    send_on_commit(
        transitioned,
        Explainer,
        explainer_id=explainer.pk,
        name=name,
        actor_id=actor.pk,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        revision_id=revision_id,
    )
    return log


def _simple(
    name: str,
    *,
    explainer_id: int,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> Explainer:
    comment = comment.strip()
    with transaction.atomic():
        explainer = _begin(
            explainer_id,
            actor=actor,
            name=name,
            comment=comment,
            expected_version=expected_version,
        )
        _finish(
            explainer,
            actor=actor,
            name=name,
            comment=comment,
            to_state=TRANSITIONS[name].target,
        )
    return explainer


def explainer_submit(
    *,
    explainer_id: int,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> Explainer:
    return _simple(
        "submit",
        explainer_id=explainer_id,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
    )


def explainer_request_changes(
    *,
    explainer_id: int,
    actor: Actor,
    comment: str,
    expected_version: int | None = None,
) -> Explainer:
    return _simple(
        "request_changes",
        explainer_id=explainer_id,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
    )


def explainer_approve(
    *,
    explainer_id: int,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> Explainer:
    return _simple(
        "approve",
        explainer_id=explainer_id,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
    )


def explainer_publish(
    *,
    explainer_id: int,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> PublishedRevision:
    """Publishes an approved explainer whose gate passes, as a new live revision.

    Publishing adds no text of its own: a correction note is written in the
    draft, reviewed with it and checked by the gate (which requires one when a
    published statistic changed); it becomes the revision's correction and
    the draft's note is cleared for the next version.
    """
    comment = comment.strip()
    with transaction.atomic():
        explainer = _begin(
            explainer_id,
            actor=actor,
            name="publish",
            comment=comment,
            expected_version=expected_version,
        )
        # The gate speaks first: for a draft it explains everything that is
        # missing (approval included) rather than only "not approved".
        context = selectors.load_context(explainer.pk)
        found = gate.blocking(gate.problems(explainer, context=context))
        if found:
            raise PublicationBlocked(found)
        _require_legal(explainer, "publish")
        approval = (
            TransitionLog.objects.filter(explainer=explainer, transition="approve")
            .select_related("actor")
            .first()
        )
        content, html = build_snapshot(
            context, reviewed_by=approval.actor if approval else None
        )
        number = (
            PublishedRevision.objects.filter(explainer=explainer).aggregate(
                n=Max("number")
            )["n"]
            or 0
        ) + 1
        revision = PublishedRevision.objects.create(
            explainer=explainer,
            number=number,
            content=content,
            html=html,
            search_text=search_text(content),
            published_by=actor,
        )
        RevisionSource.objects.bulk_create(
            RevisionSource(revision=revision, source_id=source["id"])
            for source in content["sources"]
        )
        correction = explainer.correction_note.strip()
        if correction:
            Correction.objects.create(
                explainer=explainer,
                revision=revision,
                text=correction,
                created_by=actor,
            )
            explainer.correction_note = ""
        explainer.live_revision = revision
        explainer.scheduled_publish_at = None  # done, whoever took it
        if explainer.first_published_at is None:
            explainer.first_published_at = timezone.now()
        listing_publish(explainer, revision)
        _finish(
            explainer,
            actor=actor,
            name="publish",
            comment=comment or f"Revision {number}",
            to_state=Explainer.State.PUBLISHED,
            revision_id=revision.pk,
        )
    return revision


def explainer_unpublish(
    *,
    explainer_id: int,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
) -> Explainer:
    """Takes an explainer off the public site; its URL then answers 410."""
    comment = comment.strip()
    with transaction.atomic():
        explainer = _begin(
            explainer_id,
            actor=actor,
            name="unpublish",
            comment=comment,
            expected_version=expected_version,
        )
        explainer.live_revision = None
        # Taken down: nothing scheduled for it happens any more.
        explainer.scheduled_publish_at = explainer.scheduled_archive_at = None
        listing_remove(explainer.pk)
        _finish(
            explainer,
            actor=actor,
            name="unpublish",
            comment=comment,
            to_state=Explainer.State.ARCHIVED,
        )
    return explainer


class TransitionService(Protocol):
    """What every transition's service takes; publish returns the revision."""

    def __call__(
        self,
        *,
        explainer_id: int,
        actor: Actor,
        comment: str,
        expected_version: int | None,
    ) -> Explainer | PublishedRevision: ...


# The service of each transition in ``explainers.workflow.TRANSITIONS``.
TRANSITION_SERVICES: dict[str, TransitionService] = {
    "submit": explainer_submit,
    "request_changes": explainer_request_changes,
    "approve": explainer_approve,
    "publish": explainer_publish,
    "unpublish": explainer_unpublish,
}
