"""Writes to sources.

Citations are written with the content that cites them (a citation is part of
its statistic: ``explainers.services.content``). What a changed or deleted
source means for that content is asked of it through ``sources.citing``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.actors import Actor
from newsroom.errors import WorkflowError
from newsroom.second_factor import REFUSAL as SECOND_FACTOR_REFUSAL
from newsroom.second_factor import second_factor_verified
from newsroom.services import apply_changes, delete_with_history, save_with_history
from sources import citing
from sources.models import Source

SOURCE_FIELDS = (
    "kind",
    "title",
    "publisher",
    "authors",
    "published_date",
    "url",
    "doi",
    "archive_url",
    "archive_date",
    "link_status",
    "accessed_date",
    "language",
    "reliability",
    "reliability_note",
)


class SourceInUse(WorkflowError):
    code = "source_in_use"


def require_source_edit(user: Actor) -> None:
    if not (user.is_active and user.has_perm("sources.change_source")):
        raise PermissionDenied("Your role cannot edit sources.")


def lock_source(source_id: int) -> Source:
    """Returns the source row locked until the end of the transaction."""
    return Source.objects.select_for_update().get(pk=source_id)


def source_create(
    *, actor: Actor, data: dict[str, Any], source: Source | None = None
) -> Source:
    if not (actor.is_active and actor.has_perm("sources.add_source")):
        raise PermissionDenied("Your role cannot add sources.")
    source = source or Source()
    source.created_by = actor
    apply_changes(source, data, SOURCE_FIELDS)
    source.full_clean()
    save_with_history(source, actor=actor, reason="Created")
    return source


def source_update(*, source_id: int, actor: Actor, data: dict[str, Any]) -> Source:
    """Updates a source; the content citing it learns of the change.

    Statistics citing a changed source are reviewed again (``sources.citing``).
    """
    require_source_edit(actor)
    with transaction.atomic():
        source = lock_source(source_id)
        changed = apply_changes(source, data, SOURCE_FIELDS)
        if not changed:
            return source
        source.full_clean()
        save_with_history(source, actor=actor, reason=f"Edited {', '.join(changed)}")
        citing.source_changed(source, actor=actor)
    return source


def source_delete(*, source_id: int, actor: Actor) -> None:
    if not (actor.is_active and actor.has_perm("sources.delete_source")):
        raise PermissionDenied("Your role cannot delete sources.")
    with transaction.atomic():
        source = lock_source(source_id)
        if source.citations.exists():
            raise SourceInUse(
                "This source is cited by statistics; remove those citations first."
            )
        refusal = citing.deletion_refusal(source)
        if refusal:
            raise SourceInUse(refusal)
        delete_with_history(source, actor=actor, reason="Deleted")


STATUS_NOTE_MAX = 2000


def source_mark_status(
    *, source_id: int, status: str, note: str, actor: Actor
) -> Source:
    """Marks a source current, corrected or retracted by its publisher.

    A corrected or retracted source needs a note saying what happened. The
    content citing it learns of the change (``sources.citing``): marking it
    corrected or retracted lapses the approval of every claim citing it,
    and readers of live explainers see a notice beside figures whose source
    was retracted. Marking it as it already is changes nothing.
    """
    if not (actor.is_active and actor.has_perm("sources.mark_source_status")):
        raise PermissionDenied(
            "Only reviewers and chief editors can mark a source corrected or retracted."
        )
    # It withdraws approvals that reviewers gave: a decision like theirs.
    if not second_factor_verified(actor):
        raise PermissionDenied(SECOND_FACTOR_REFUSAL)
    if status not in Source.Status.values:
        raise ValidationError(
            {"status": f"Choose one of: {', '.join(Source.Status.values)}."}
        )
    note = note.strip()
    if status != Source.Status.CURRENT and not note:
        raise ValidationError(
            {"note": "Say what its publisher corrected or why it was retracted."}
        )
    if len(note) > STATUS_NOTE_MAX:
        raise ValidationError(
            {"note": f"Keep the note under {STATUS_NOTE_MAX} characters."}
        )
    with transaction.atomic():
        source = lock_source(source_id)
        if source.status == status and source.status_note == note:
            return source
        previous = source.status
        source.status, source.status_note = status, note
        source.status_changed_at = timezone.now()
        source.status_changed_by = actor
        # Checked above, and by a constraint; not full_clean(): a gap in the
        # record's metadata must not stop a reviewer flagging a retraction.
        label = source.get_status_display().lower()
        save_with_history(
            source,
            actor=actor,
            reason=f"Marked {label}" + (f": {note}" if note else ""),
        )
        citing.source_status_changed(source, previous=previous, actor=actor)
    return source
