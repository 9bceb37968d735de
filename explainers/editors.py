"""Who changed what, read from history: the four-eyes rule's one predicate.

A reviewer may not approve what they changed. "Changed" is read from
django-simple-history, not from a ``last_edited_by`` column that the next
editor overwrites: ``changed_since`` takes history rows and a moment and
returns everyone who changed the content after it. The explainer-level rule
(since the last publication) and the claim-level rule (since the statistic's
last approval, over the statistic, its citations and the sources they cite)
both use it.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from explainers.models import Explainer, Statistic
from sources.models import Citation, Source

STATISTIC_CONTENT = ("key", "claim", "display_text", "value", "unit", "as_of")


class Change(NamedTuple):
    user_id: int | None
    when: datetime
    changed: bool  # False for a row that records no change of content


def changed_since(rows: Iterable[Change], since: datetime | None) -> set[int]:
    """Returns the users of the rows that changed content after ``since``."""
    return {
        row.user_id
        for row in rows
        if row.changed and row.user_id and (since is None or row.when > since)
    }


def explainer_editor_ids(explainer: Explainer) -> set[int]:
    """Who changed the explainer's content since it was last published.

    Every content change (text, boxes, statistics, citations) bumps the
    explainer's version, so a row whose version differs from the row before
    is a change; transitions write rows with the same version.
    """
    last_publication = (
        explainer.transitions.filter(transition="publish")
        .values_list("created_at", flat=True)
        .first()
    )
    rows = explainer.history.order_by("history_date", "history_id").values_list(
        "history_user_id", "version", "history_date"
    )
    changes = []
    previous = None
    for user_id, version, when in rows:
        changes.append(Change(user_id, when, version != previous))
        previous = version
    return changed_since(changes, last_publication)


def explainer_writer_ids(explainer: Explainer) -> set[int]:
    """Who may not approve this version of the explainer (four eyes).

    Its creator, its authors, its last editor and everyone who changed its
    content since it was last published.
    """
    writers = {explainer.created_by_id, explainer.last_edited_by_id}
    writers.update(author.pk for author in explainer.authors.all())
    return {pk for pk in writers if pk is not None} | explainer_editor_ids(explainer)


def statistic_editor_ids(statistic: Statistic) -> set[int]:
    """Who changed the statistic, its citations or a cited source since its
    last approval (or ever, when it was never approved)."""
    rows = statistic.history.order_by("history_date", "history_id").values_list(
        "history_user_id", "history_date", "review_state", "reviewed_at",
        *STATISTIC_CONTENT,
    )  # fmt: skip
    changes = []
    last_approval = None
    previous = None
    for user_id, when, state, reviewed_at, *content in rows:
        if state == Statistic.ReviewState.APPROVED and (
            previous is None or reviewed_at != previous[1]
        ):
            last_approval = when
        changes.append(
            Change(user_id, when, previous is None or content != previous[0])
        )
        previous = (content, reviewed_at)
    citation_rows = (
        Citation.history.filter(statistic_id=statistic.pk)
        .values_list("history_user_id", "history_date")
        .order_by()
    )
    changes += [Change(user_id, when, True) for user_id, when in citation_rows]
    source_ids = statistic.citations.values_list("source_id", flat=True)
    source_rows = (
        Source.history.filter(id__in=source_ids, history_type="~")
        .values_list("history_user_id", "history_date")
        .order_by()
    )
    changes += [Change(user_id, when, True) for user_id, when in source_rows]
    return changed_since(changes, last_approval)
