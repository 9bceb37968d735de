"""Restoring an earlier version of an explainer as a new draft."""

from typing import Any

from django.utils import timezone

from explainers.models import Conflict, Statistic
from explainers.services.content import ContentEdit, explainer_edit
from explainers.versions import STATISTIC_FIELDS, Version, version_at
from newsroom.actors import Actor
from sources.models import Citation, Source


def explainer_restore(
    *,
    explainer_id: int,
    actor: Actor,
    history_id: int,
    expected_version: int | None = None,
) -> list[str]:
    """Brings back the text, boxes, statistics and citations of an earlier version.

    One action, one version: every change is made in one edit, recorded as
    one explainer history row that says which version was restored. The
    result is a draft: an approved explainer goes back to review and a
    published one keeps its live revision until the restored text is reviewed
    and published. The slug stays as it is (it is a public address).
    ``expected_version`` is the version the person saw when they chose to
    restore. Returns notes about anything that could not be restored.
    """
    notes: list[str] = []
    with explainer_edit(
        explainer_id=explainer_id, actor=actor, expected_version=expected_version
    ) as edit:
        version = version_at(edit.explainer, history_id)
        when = timezone.localtime(version.when).strftime("%d %b %Y %H:%M")
        edit.reason = (
            f"Restored version {version.number} (saved {when} by {version.who})"
        )
        conflict_id = version.fields["conflict_id"]
        edit.explainer_update(
            {
                "title": version.fields["title"],
                "standfirst": version.fields["standfirst"],
                "body": version.fields["body"],
                "conflict": Conflict.objects.filter(pk=conflict_id).first()
                if conflict_id
                else None,
            }
        )
        _restore_boxes(edit, version)
        _restore_statistics(edit, version, notes)
    return notes


def _restore_boxes(edit: ContentEdit, version: Version) -> None:
    current = edit.boxes()
    for box_id in current.keys() - version.boxes.keys():
        edit.box_delete(box_id)
    for box_id, data in version.boxes.items():
        if box_id in current:
            edit.box_update(box_id, data)
        else:
            edit.box_create(data)


def _restore_statistics(edit: ContentEdit, version: Version, notes: list[str]) -> None:
    current = {s.key: s for s in edit.statistics().values()}
    for key in current.keys() - version.statistics.keys():
        edit.statistic_delete(current[key].pk)
    sources = Source.objects.in_bulk(
        {
            row["source_id"]
            for data in version.statistics.values()
            for row in data["citations"]
        }
    )
    for key, data in version.statistics.items():
        fields = {name: data[name] for name in STATISTIC_FIELDS}
        if key in current:
            statistic = edit.statistic_update(current[key].pk, fields)
            cited = {(c.source_id, c.locator): c for c in statistic.citations.all()}
        else:
            statistic = edit.statistic_create({"key": key, **fields})
            cited = {}
        _restore_citations(edit, statistic, cited, data["citations"], sources, notes)


def _restore_citations(
    edit: ContentEdit,
    statistic: Statistic,
    current: dict[tuple[int, str], Citation],
    wanted: list[dict[str, Any]],
    sources: dict[int, Source],
    notes: list[str],
) -> None:
    wanted_by_identity = {(row["source_id"], row["locator"]): row for row in wanted}
    for identity in current.keys() - wanted_by_identity.keys():
        edit.citation_delete(current[identity].pk)
    for identity, row in wanted_by_identity.items():
        if identity in current:
            if current[identity].quote != row["quote"]:
                edit.citation_update(current[identity].pk, {"quote": row["quote"]})
            continue
        source = sources.get(row["source_id"])
        if source is None:
            notes.append(
                f"Statistic '{statistic.key}': source #{row['source_id']} no longer "
                "exists; cite another source."
            )
            continue
        edit.citation_create(
            statistic.pk,
            {"source": source, "locator": row["locator"], "quote": row["quote"]},
        )
