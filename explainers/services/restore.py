"""Restoring an earlier version of an explainer as a new draft."""

from django.db import transaction

from explainers.models import Conflict, Explainer, Statistic
from explainers.permissions import require_edit
from explainers.services import content
from explainers.versions import STATISTIC_FIELDS, version_at
from sources import services as source_services
from sources.models import Source


def explainer_restore(*, explainer_id: int, actor, history_id: int) -> list[str]:
    """Brings back the text, boxes, statistics and citations of an earlier version.

    The result is a draft: an approved explainer goes back to review and a
    published one keeps its live revision until the restored text is reviewed
    and published. The slug stays as it is (it is a public address). Returns
    notes about anything that could not be restored.
    """
    require_edit(actor)
    notes: list[str] = []
    with transaction.atomic():
        explainer = content.lock_explainer(explainer_id)
        version = version_at(explainer, history_id)
        conflict_id = version.fields["conflict_id"]
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=actor,
            data={
                "title": version.fields["title"],
                "standfirst": version.fields["standfirst"],
                "body": version.fields["body"],
                "conflict": Conflict.objects.filter(pk=conflict_id).first()
                if conflict_id
                else None,
            },
        )
        _restore_boxes(explainer, version.boxes, actor)
        _restore_statistics(explainer, version.statistics, actor, notes)
    return notes


def _restore_boxes(explainer: Explainer, boxes: dict[int, dict], actor) -> None:
    current = {box.pk: box for box in explainer.boxes.all()}
    for box_id in current.keys() - boxes.keys():
        content.box_delete(box_id=box_id, actor=actor)
    for box_id, data in boxes.items():
        if box_id in current:
            content.box_update(box_id=box_id, actor=actor, data=data)
        else:
            content.box_create(explainer_id=explainer.pk, actor=actor, data=data)


def _restore_statistics(
    explainer: Explainer, statistics: dict[str, dict], actor, notes: list[str]
) -> None:
    current = {s.key: s for s in Statistic.objects.filter(explainer=explainer)}
    for key in current.keys() - statistics.keys():
        content.statistic_delete(statistic_id=current[key].pk, actor=actor)
    for key, data in statistics.items():
        fields = {name: data[name] for name in STATISTIC_FIELDS}
        if key in current:
            statistic = content.statistic_update(
                statistic_id=current[key].pk, actor=actor, data=fields
            )
        else:
            statistic = content.statistic_create(
                explainer_id=explainer.pk, actor=actor, data={"key": key, **fields}
            )
        _restore_citations(statistic, data["citations"], actor, notes)


def _restore_citations(statistic: Statistic, wanted: list[dict], actor, notes) -> None:
    def identity(row):
        return (row["source_id"], row["locator"])

    current = {(c.source_id, c.locator): c for c in statistic.citations.all()}
    wanted_by_identity = {identity(row): row for row in wanted}
    for ident in current.keys() - wanted_by_identity.keys():
        source_services.citation_delete(citation_id=current[ident].pk, actor=actor)
    sources = Source.objects.in_bulk([row["source_id"] for row in wanted])
    for ident, row in wanted_by_identity.items():
        if ident in current:
            if current[ident].quote != row["quote"]:
                source_services.citation_update(
                    citation_id=current[ident].pk,
                    actor=actor,
                    data={"quote": row["quote"]},
                )
            continue
        source = sources.get(row["source_id"])
        if source is None:
            notes.append(
                f"Statistic '{statistic.key}': source #{row['source_id']} no longer "
                "exists; cite another source."
            )
            continue
        source_services.citation_create(
            statistic_id=statistic.pk,
            actor=actor,
            data={"source": source, "locator": row["locator"], "quote": row["quote"]},
        )
