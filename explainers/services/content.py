"""Writes to an explainer's content: the explainer itself, boxes, statistics.

Every content change locks the explainer row, checks the writer's version
(optimistic locking for people; the lock for concurrent requests), bumps the
version, records the last editor and applies the workflow's rule for edits
(an approved or published explainer goes back to draft).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from explainers.digest import statistic_digest
from explainers.errors import InvalidTransition, StaleWrite, VersionRequired
from explainers.models import BackgroundBox, Explainer, Statistic, TransitionLog
from explainers.permissions import require_edit
from explainers.services.base import (
    apply_changes,
    delete_with_history,
    save_with_history,
)
from explainers.workflow import EDIT_RESETS_TO_DRAFT

EXPLAINER_FIELDS = (
    "title",
    "slug",
    "standfirst",
    "body",
    "conflict",
    "correction_note",
)
BOX_FIELDS = ("kind", "title", "body", "position")
STATISTIC_FIELDS = ("key", "claim", "display_text", "value", "unit", "as_of")


def lock_explainer(
    explainer_id: int, *, expected_version: int | None = None
) -> Explainer:
    """Returns the explainer row locked until the end of the transaction.

    With ``expected_version``, refuses (StaleWrite) before anything is checked
    or written if someone saved the explainer since the caller read it.
    """
    explainer = Explainer.objects.select_for_update().get(pk=explainer_id)
    if expected_version is not None and expected_version != explainer.version:
        raise StaleWrite(expected=expected_version, current=explainer.version)
    return explainer


def lock_for_decision(explainer_id: int, *, expected_version: int | None) -> Explainer:
    """Locks the explainer for a review decision or a transition.

    A decision applies to what the person read: without the version they
    read it is refused (VersionRequired) before anything is read or written.
    """
    if expected_version is None:
        raise VersionRequired()
    return lock_explainer(explainer_id, expected_version=expected_version)


def explainer_mark_edited(explainer: Explainer, *, actor, reason: str) -> None:
    """Records a content change on a locked explainer and saves it."""
    explainer.version += 1
    explainer.last_edited_by = actor
    if explainer.state in EDIT_RESETS_TO_DRAFT:
        from_state = explainer.state
        explainer.state = Explainer.State.DRAFT
        explainer._workflow_change = True
        TransitionLog.objects.create(
            explainer=explainer,
            transition="edit",
            from_state=from_state,
            to_state=Explainer.State.DRAFT,
            actor=actor,
            comment="Content changed; the new version needs review.",
        )
    explainer.full_clean()
    save_with_history(explainer, actor=actor, reason=reason)


def explainer_create(
    *, actor, data: dict[str, Any], explainer: Explainer | None = None
) -> Explainer:
    """Saves a new draft; ``explainer`` is an unsaved instance to fill, if any."""
    if not (actor.is_active and actor.has_perm("explainers.add_explainer")):
        raise PermissionDenied("Your role cannot create explainers.")
    explainer = explainer or Explainer()
    explainer.created_by = explainer.last_edited_by = actor
    apply_changes(explainer, data, EXPLAINER_FIELDS)
    explainer.full_clean()
    with transaction.atomic():
        save_with_history(explainer, actor=actor, reason="Created")
        explainer.authors.set(data.get("authors") or [actor])
    return explainer


def explainer_update(
    *,
    explainer_id: int,
    actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Explainer:
    """Applies ``data`` to the explainer; a no-op change writes nothing."""
    require_edit(actor)
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        published_slug = explainer.slug
        changed = apply_changes(explainer, data, EXPLAINER_FIELDS)
        if "slug" in changed and explainer.first_published_at:
            # Readers, feeds, partners and search engines link to it.
            raise ValidationError(
                {
                    "slug": f"The address of a published explainer cannot change "
                    f"(it stays '{published_slug}')."
                }
            )
        authors = data.get("authors")
        authors_changed = authors is not None and {a.pk for a in authors} != set(
            explainer.authors.values_list("pk", flat=True)
        )
        if not changed and not authors_changed:
            return explainer
        if authors_changed:
            explainer.authors.set(authors)
            changed.append("authors")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Edited {', '.join(changed)}",
        )
    return explainer


def box_create(
    *,
    explainer_id: int,
    actor,
    data: dict[str, Any],
    expected_version=None,
    box: BackgroundBox | None = None,
) -> BackgroundBox:
    require_edit(actor)
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        box = box or BackgroundBox()
        box.explainer = explainer
        apply_changes(box, data, BOX_FIELDS)
        box.full_clean()
        save_with_history(box, actor=actor, reason="Created")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Added box '{box.title}'",
        )
    return box


def box_update(
    *, box_id: int, actor, data: dict[str, Any], expected_version=None
) -> BackgroundBox:
    require_edit(actor)
    with transaction.atomic():
        explainer_id = BackgroundBox.objects.values_list("explainer_id", flat=True).get(
            pk=box_id
        )
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        box = BackgroundBox.objects.get(pk=box_id)
        changed = apply_changes(box, data, BOX_FIELDS)
        if changed:
            box.full_clean()
            save_with_history(box, actor=actor, reason=f"Edited {', '.join(changed)}")
            explainer_mark_edited(
                explainer,
                actor=actor,
                reason=f"Edited box '{box.title}'",
            )
    return box


def box_delete(*, box_id: int, actor, expected_version=None) -> None:
    require_edit(actor)
    with transaction.atomic():
        box = BackgroundBox.objects.get(pk=box_id)
        explainer = lock_explainer(box.explainer_id, expected_version=expected_version)
        delete_with_history(box, actor=actor, reason="Deleted")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Deleted box '{box.title}'",
        )


def statistic_refresh_review(
    statistic: Statistic, *, actor, as_editor: bool = False
) -> bool:
    """Sends a reviewed statistic back to pending if its content changed.

    Returns True when the review lapsed. The gate compares digests too, so an
    approval can never cover content it did not see; this makes the lapse
    visible in the admin and in history. ``as_editor`` records ``actor`` as
    the statistic's last editor (a change made elsewhere, such as to its
    source), so that they cannot review it again themselves.
    """
    if statistic.review_state == Statistic.ReviewState.PENDING:
        return False
    citations = list(statistic.citations.select_related("source"))
    if statistic.reviewed_digest == statistic_digest(statistic, citations):
        return False
    previous = statistic.get_review_state_display().lower()
    statistic.review_state = Statistic.ReviewState.PENDING
    statistic.reviewed_at = None
    statistic.reviewed_by = None
    statistic.review_note = ""
    statistic.reviewed_digest = ""
    if as_editor:
        statistic.last_edited_by = actor
    save_with_history(
        statistic,
        actor=actor,
        reason=f"Review lapsed: content changed after it was {previous}",
    )
    return True


def statistic_create(
    *,
    explainer_id: int,
    actor,
    data: dict[str, Any],
    expected_version=None,
    statistic: Statistic | None = None,
) -> Statistic:
    require_edit(actor)
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        statistic = statistic or Statistic()
        statistic.explainer = explainer
        statistic.created_by = statistic.last_edited_by = actor
        apply_changes(statistic, data, STATISTIC_FIELDS)
        statistic.full_clean()
        save_with_history(statistic, actor=actor, reason="Created")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Added statistic '{statistic.key}'",
        )
    return statistic


def statistic_update(
    *, statistic_id: int, actor, data: dict[str, Any], expected_version=None
) -> Statistic:
    require_edit(actor)
    with transaction.atomic():
        explainer_id = Statistic.objects.values_list("explainer_id", flat=True).get(
            pk=statistic_id
        )
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        statistic = Statistic.objects.get(pk=statistic_id)
        changed = apply_changes(statistic, data, STATISTIC_FIELDS)
        if changed:
            statistic.last_edited_by = actor
            statistic.full_clean()
            save_with_history(
                statistic, actor=actor, reason=f"Edited {', '.join(changed)}"
            )
            statistic_refresh_review(statistic, actor=actor)
            explainer_mark_edited(
                explainer,
                actor=actor,
                reason=f"Edited statistic '{statistic.key}'",
            )
    return statistic


def statistic_delete(*, statistic_id: int, actor, expected_version=None) -> None:
    require_edit(actor)
    with transaction.atomic():
        statistic = Statistic.objects.get(pk=statistic_id)
        explainer = lock_explainer(
            statistic.explainer_id, expected_version=expected_version
        )
        for citation in statistic.citations.all():
            delete_with_history(citation, actor=actor, reason="Statistic deleted")
        delete_with_history(statistic, actor=actor, reason="Deleted")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Deleted statistic '{statistic.key}'",
        )


def statistic_mark_cited(statistic: Statistic, *, actor, reason: str) -> None:
    """Records a citation change as a change to its statistic and explainer.

    Called by the citation services inside their transaction, with the
    explainer row already locked.
    """
    statistic.last_edited_by = actor
    save_with_history(statistic, actor=actor, reason=reason)
    statistic_refresh_review(statistic, actor=actor)


def explainer_delete(*, explainer_id: int, actor, expected_version=None) -> None:
    """Deletes an explainer that was never published (chief editors only).

    A published or archived explainer keeps its revisions as the record of
    what readers saw: unpublish it instead.
    """
    if not (actor.is_active and actor.has_perm("explainers.delete_explainer")):
        raise PermissionDenied("Your role cannot delete explainers.")
    with transaction.atomic():
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        if explainer.revisions.exists():
            raise InvalidTransition(
                "This explainer has been published; unpublish it instead of "
                "deleting it, so the record of what readers saw is kept."
            )
        for box in explainer.boxes.all():
            delete_with_history(box, actor=actor, reason="Explainer deleted")
        for statistic in explainer.statistics.all():
            for citation in statistic.citations.all():
                delete_with_history(citation, actor=actor, reason="Explainer deleted")
            delete_with_history(statistic, actor=actor, reason="Explainer deleted")
        delete_with_history(explainer, actor=actor, reason="Deleted")
