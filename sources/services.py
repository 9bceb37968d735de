"""Writes to sources and citations.

A citation is part of its statistic's content: adding, changing or removing
one is an edit of the statistic (its review lapses) and of its explainer.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from explainers.errors import WorkflowError
from explainers.models import Explainer, Statistic
from explainers.permissions import require_edit
from explainers.services.base import (
    apply_changes,
    delete_with_history,
    save_with_history,
)
from explainers.services.content import (
    explainer_mark_edited,
    lock_explainer,
    statistic_mark_cited,
    statistic_refresh_review,
)
from sources.models import Citation, Source

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
CITATION_FIELDS = ("source", "locator", "quote")


class SourceInUse(WorkflowError):
    code = "source_in_use"


def require_source_edit(user) -> None:
    if not (user.is_active and user.has_perm("sources.change_source")):
        raise PermissionDenied("Your role cannot edit sources.")


def source_create(
    *, actor, data: dict[str, Any], source: Source | None = None
) -> Source:
    if not (actor.is_active and actor.has_perm("sources.add_source")):
        raise PermissionDenied("Your role cannot add sources.")
    source = source or Source()
    source.created_by = actor
    apply_changes(source, data, SOURCE_FIELDS)
    source.full_clean()
    save_with_history(source, actor=actor, reason="Created")
    return source


def source_update(*, source_id: int, actor, data: dict[str, Any]) -> Source:
    """Updates a source; reviews of statistics citing it lapse if it changed.

    The explainers whose statistics cite the source are locked (in id order,
    so two such updates cannot deadlock) before their statistics change, and
    the source's editor becomes those statistics' last editor: they changed
    what the reviewer approved, so they cannot approve it again.
    """
    require_source_edit(actor)
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        changed = apply_changes(source, data, SOURCE_FIELDS)
        if not changed:
            return source
        source.full_clean()
        save_with_history(source, actor=actor, reason=f"Edited {', '.join(changed)}")
        explainer_ids = sorted(
            set(
                Statistic.objects.filter(citations__source=source).values_list(
                    "explainer_id", flat=True
                )
            )
        )
        for explainer_id in explainer_ids:
            lock_explainer(explainer_id)
        statistics = Statistic.objects.filter(citations__source=source).distinct()
        for statistic in statistics.order_by("pk"):
            statistic_refresh_review(statistic, actor=actor, as_editor=True)
    return source


def source_delete(*, source_id: int, actor) -> None:
    if not (actor.is_active and actor.has_perm("sources.delete_source")):
        raise PermissionDenied("Your role cannot delete sources.")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        if source.citations.exists():
            raise SourceInUse(
                "This source is cited by statistics; remove those citations first."
            )
        live_contents = Explainer.objects.live().values_list(
            "live_revision__content", flat=True
        )
        for content in live_contents:
            if any(s["id"] == source.pk for s in content.get("sources", [])):
                raise SourceInUse(
                    "This source is cited by a published explainer and cannot be "
                    "deleted."
                )
        delete_with_history(source, actor=actor, reason="Deleted")


def citation_create(
    *,
    statistic_id: int,
    actor,
    data: dict[str, Any],
    expected_version=None,
    citation: Citation | None = None,
) -> Citation:
    require_edit(actor)
    with transaction.atomic():
        explainer_id = Statistic.objects.values_list("explainer_id", flat=True).get(
            pk=statistic_id
        )
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        statistic = Statistic.objects.get(pk=statistic_id)
        citation = citation or Citation()
        citation.statistic = statistic
        apply_changes(citation, data, CITATION_FIELDS)
        citation.full_clean()
        save_with_history(citation, actor=actor, reason="Created")
        statistic_mark_cited(statistic, actor=actor, reason=f"Cited {citation.source}")
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Cited a source for '{statistic.key}'",
        )
    return citation


def citation_update(
    *, citation_id: int, actor, data: dict[str, Any], expected_version=None
) -> Citation:
    require_edit(actor)
    with transaction.atomic():
        explainer_id = Citation.objects.values_list(
            "statistic__explainer_id", flat=True
        ).get(pk=citation_id)
        explainer = lock_explainer(explainer_id, expected_version=expected_version)
        citation = Citation.objects.select_related("statistic").get(pk=citation_id)
        changed = apply_changes(citation, data, CITATION_FIELDS)
        if changed:
            citation.full_clean()
            save_with_history(
                citation, actor=actor, reason=f"Edited {', '.join(changed)}"
            )
            statistic_mark_cited(
                citation.statistic, actor=actor, reason="Edited a citation"
            )
            explainer_mark_edited(
                explainer,
                actor=actor,
                reason=f"Edited a citation of '{citation.statistic.key}'",
            )
    return citation


def citation_delete(*, citation_id: int, actor, expected_version=None) -> None:
    require_edit(actor)
    with transaction.atomic():
        citation = Citation.objects.select_related("statistic").get(pk=citation_id)
        explainer = lock_explainer(
            citation.statistic.explainer_id, expected_version=expected_version
        )
        delete_with_history(citation, actor=actor, reason="Deleted")
        statistic_mark_cited(
            citation.statistic,
            actor=actor,
            reason=f"Removed citation of {citation.source}",
        )
        explainer_mark_edited(
            explainer,
            actor=actor,
            reason=f"Removed a citation of '{citation.statistic.key}'",
        )
