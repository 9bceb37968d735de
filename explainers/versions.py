"""Earlier versions of an explainer, rebuilt from history, and their differences.

A version is the explainer as it stood at one of its history records: its own
fields plus the boxes, statistics and citations that existed at that moment
(django-simple-history's ``as_of``).
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe

from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.workflow import TRANSITIONS
from sources.models import Citation, Source

TEXT_FIELDS = ("title", "slug", "standfirst", "body")
STATISTIC_FIELDS = ("claim", "display_text", "value", "unit", "as_of")
# Fields whose change is shown as a word diff as well as old and new.
LONG_TEXT = {"claim", "display_text", "quote"}


@dataclass
class Version:
    history_id: int
    number: int  # the explainer's version number
    when: datetime
    who: str
    reason: str
    fields: dict
    boxes: dict[int, dict] = field(default_factory=dict)
    statistics: dict[str, dict] = field(default_factory=dict)


def _citation_row(citation) -> dict:
    return {
        "id": citation.id,
        "source_id": citation.source_id,
        "locator": citation.locator,
        "quote": citation.quote,
    }


def version_at(explainer: Explainer, history_id: int) -> Version:
    """Rebuilds the explainer as it stood at its history record ``history_id``."""
    record = explainer.history.select_related("history_user").get(history_id=history_id)
    when = record.history_date
    boxes = {
        box.id: {
            "kind": box.kind,
            "title": box.title,
            "body": box.body,
            "position": box.position,
        }
        for box in BackgroundBox.history.as_of(when).filter(explainer_id=explainer.pk)
    }
    statistics = {}
    stat_rows = list(Statistic.history.as_of(when).filter(explainer_id=explainer.pk))
    citations: dict[int, list] = {}
    for citation in Citation.history.as_of(when).filter(
        statistic_id__in=[s.id for s in stat_rows]
    ):
        citations.setdefault(citation.statistic_id, []).append(_citation_row(citation))
    for stat in stat_rows:
        statistics[stat.key] = {
            **{name: getattr(stat, name) for name in STATISTIC_FIELDS},
            "id": stat.id,
            "citations": sorted(
                citations.get(stat.id, []), key=lambda c: (c["source_id"], c["locator"])
            ),
        }
    return Version(
        history_id=record.history_id,
        number=record.version,
        when=when,
        who=str(record.history_user or "—"),
        reason=record.history_change_reason or "",
        fields={
            **{name: getattr(record, name) for name in TEXT_FIELDS},
            "conflict_id": record.conflict_id,
        },
        boxes=boxes,
        statistics=statistics,
    )


def text_diff(old: str, new: str) -> str:
    """Returns a word-level HTML diff with <del> and <ins>; escapes everything."""
    old_words, new_words = old.split(" "), new.split(" ")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(out))  # Every piece is escaped above.


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), ",f")
    return str(value)


def field_change(name: str, old, new) -> dict:
    """The change of one field: old and new as read, and a word diff of text."""
    return {
        "name": name.replace("_", " "),
        "old": _shown(old),
        "new": _shown(new),
        "diff": text_diff(
            "" if old is None else str(old), "" if new is None else str(new)
        )
        if name in LONG_TEXT
        else None,
    }


def _source_titles(old: Version, new: Version) -> dict[int, str]:
    """Titles of every source cited in either version, in one query."""
    ids = {
        row["source_id"]
        for version in (old, new)
        for data in version.statistics.values()
        for row in data["citations"]
    }
    return dict(Source.objects.filter(pk__in=ids).values_list("pk", "title"))


def compare_citations(before: list, after: list, titles: dict[int, str]) -> list:
    """Citations paired by identity, each change field by field."""
    old_rows = {
        row.get("id") or (row["source_id"], row["locator"]): row for row in before
    }
    new_rows = {
        row.get("id") or (row["source_id"], row["locator"]): row for row in after
    }
    out = []
    for identity in [*old_rows, *(k for k in new_rows if k not in old_rows)]:
        was, now = old_rows.get(identity), new_rows.get(identity)
        if was == now:
            continue
        shown = now or was
        assert shown is not None
        status = "added" if was is None else "removed" if now is None else "changed"
        changes = []
        for name in ("source_id", "locator", "quote"):
            old_value = None if was is None else was[name]
            new_value = None if now is None else now[name]
            if old_value == new_value:
                continue
            if name == "source_id":
                changes.append(
                    field_change(
                        "source",
                        titles.get(old_value, "—") if old_value else None,
                        titles.get(new_value, "—") if new_value else None,
                    )
                )
            else:
                changes.append(field_change(name, old_value, new_value))
        out.append(
            {
                "source": titles.get(
                    shown["source_id"], f"source #{shown['source_id']}"
                ),
                "status": status,
                "changes": changes,
            }
        )
    return out


def compare(old: Version, new: Version) -> dict:
    """Returns what changed from ``old`` to ``new``, ready for a template."""
    fields = [
        {"name": name, "diff": text_diff(str(old.fields[name]), str(new.fields[name]))}
        for name in TEXT_FIELDS
        if old.fields[name] != new.fields[name]
    ]
    boxes = []
    for box_id in sorted(old.boxes.keys() | new.boxes.keys()):
        before, after = old.boxes.get(box_id), new.boxes.get(box_id)
        if before == after:
            continue
        status = (
            "added" if before is None else "removed" if after is None else "changed"
        )
        shown = after or before
        assert shown is not None  # the box is in one version or the other
        title = shown["title"]
        diff = text_diff((before or {}).get("body", ""), (after or {}).get("body", ""))
        boxes.append({"title": title, "status": status, "diff": diff})
    statistics = []
    titles = _source_titles(old, new)
    for key in sorted(old.statistics.keys() | new.statistics.keys()):
        before, after = old.statistics.get(key), new.statistics.get(key)
        if before == after:
            continue
        status = (
            "added" if before is None else "removed" if after is None else "changed"
        )
        changes = [
            field_change(name, (before or {}).get(name), (after or {}).get(name))
            for name in STATISTIC_FIELDS
            if (before or {}).get(name) != (after or {}).get(name)
        ]
        citations = compare_citations(
            (before or {}).get("citations", []),
            (after or {}).get("citations", []),
            titles,
        )
        if changes or citations or status != "changed":
            statistics.append(
                {
                    "key": key,
                    "status": status,
                    "changes": changes,
                    "citations": citations,
                }
            )
    return {"fields": fields, "boxes": boxes, "statistics": statistics}


@dataclass
class Save:
    """One action that made a version, with the workflow steps taken on it."""

    record: Any  # the history row that made the version
    latest_id: int  # the newest row of that version (what a comparison reads)
    steps: list = field(default_factory=list)


def group_by_save(records: list) -> list[Save]:
    """History rows (newest first) grouped by the version they belong to.

    One save is one version (``explainer_edit``); transitions write rows that
    repeat the version, shown as steps of the save they followed.
    """
    saves: list[Save] = []
    for record in records:
        if saves and saves[-1].record.version == record.version:
            saves[-1].steps.insert(0, saves[-1].record)
            saves[-1].record = record
        else:
            saves.append(Save(record=record, latest_id=record.history_id))
    return saves


def default_baseline(explainer: Explainer) -> tuple[int | None, str]:
    """The history row a comparison starts from when none is chosen, and why.

    Since the live revision when there is one; else since the last review
    (changes requested or approved); else since the explainer was created.
    """
    history = explainer.history.order_by("-history_date", "-history_id")
    live = explainer.live_revision
    if live is not None:
        record = (
            history.filter(state=Explainer.State.PUBLISHED)
            .filter(history_date__gte=live.published_at)
            .last()
        ) or history.filter(history_date__lte=live.published_at).first()
        if record is not None:
            return record.history_id, f"since the live revision ({live.number})"
    review = (
        explainer.transitions.filter(transition__in=["request_changes", "approve"])
        .order_by("-created_at")
        .first()
    )
    if review is not None:
        record = history.filter(history_date__lte=review.created_at).first()
        if record is not None:
            return record.history_id, (
                f"since the last review ({TRANSITIONS[review.transition].label} "
                f"by {review.actor or 'a reviewer'})"
            )
    first = history.last()
    return (first.history_id if first else None), "since it was created"
