"""Writes to sources.

Citations are written with the content that cites them (a citation is part of
its statistic: ``explainers.services.content``). What a changed or deleted
source means for that content is asked of it through ``sources.citing``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from newsroom.actors import Actor
from newsroom.errors import WorkflowError
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
