"""Earlier versions of an explainer, rebuilt from history, and their differences.

A version is the explainer as it stood at one of its history records: its own
fields plus the boxes, statistics and citations that existed at that moment
(django-simple-history's ``as_of``).
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe

from explainers.models import BackgroundBox, Explainer, Statistic
from sources.models import Citation

TEXT_FIELDS = ("title", "slug", "standfirst", "body")
STATISTIC_FIELDS = ("claim", "display_text", "value", "unit", "as_of")


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
    for key in sorted(old.statistics.keys() | new.statistics.keys()):
        before, after = old.statistics.get(key), new.statistics.get(key)
        if before is None:
            statistics.append({"key": key, "status": "added", "changes": []})
        elif after is None:
            statistics.append({"key": key, "status": "removed", "changes": []})
        else:
            changes = [
                f"{name}: {before[name]!s} → {after[name]!s}"
                for name in STATISTIC_FIELDS
                if before[name] != after[name]
            ]
            if before["citations"] != after["citations"]:
                changes.append(
                    f"citations: {len(before['citations'])} → {len(after['citations'])}"
                    " (sources or locators changed)"
                )
            if changes:
                statistics.append({"key": key, "status": "changed", "changes": changes})
    return {"fields": fields, "boxes": boxes, "statistics": statistics}
