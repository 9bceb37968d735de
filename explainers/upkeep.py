"""Reads for keeping published explainers true: what cites a source, live
explainers citing a retracted or dead source, and figures past their review
date. The admin, the newsroom API and the desk call these.

Each costs a fixed number of queries whatever the size of the archive; the
lists are bounded by ``limit`` (one row more is read to tell that there
were more).
"""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from explainers.models import Explainer, PublishedRevision, RevisionSource, Statistic
from sources.citing import SourceUses
from sources.models import Citation, Source

USES_LIMIT = 500


def _bounded(rows: QuerySet, limit: int, kind: str, truncated: list[str]) -> list:
    found = list(rows[: limit + 1])
    if len(found) > limit:
        truncated.append(kind)
    return found[:limit]


def source_uses(source_id: int, *, limit: int = USES_LIMIT) -> SourceUses:
    """Every statistic, explainer (draft or live) and published revision citing
    the source, in three queries."""
    truncated: list[str] = []
    citing = Citation.objects.filter(source_id=source_id)
    statistics = Statistic.objects.filter(
        pk__in=citing.values("statistic_id")
    ).order_by("explainer__title", "explainer_id", "key")
    revisions = PublishedRevision.objects.filter(
        cited_sources__source_id=source_id
    ).order_by("-published_at", "-id")
    explainers = (
        Explainer.objects.filter(
            Q(pk__in=statistics.values("explainer_id"))
            | Q(
                pk__in=PublishedRevision.objects.filter(
                    cited_sources__source_id=source_id
                ).values("explainer_id")
            )
        )
        .annotate(
            draft_cites=Exists(
                citing.filter(statistic__explainer_id=OuterRef("pk")).values("pk")
            ),
            live_cites=Exists(
                RevisionSource.objects.filter(
                    source_id=source_id, revision_id=OuterRef("live_revision_id")
                )
            ),
        )
        .order_by("title", "id")
    )
    return SourceUses(
        statistics=_bounded(
            statistics.values(
                "id",
                "key",
                "display_text",
                "review_state",
                "as_of",
                "review_due",
                "explainer_id",
                explainer_title=F("explainer__title"),
            ),
            limit,
            "statistics",
            truncated,
        ),
        explainers=_bounded(
            explainers.values(
                "id", "title", "slug", "state", "draft_cites", "live_cites"
            ),
            limit,
            "explainers",
            truncated,
        ),
        revisions=[
            {**row, "live": row.pop("live_revision_id") == row["id"]}
            for row in _bounded(
                revisions.values(
                    "id",
                    "number",
                    "published_at",
                    "explainer_id",
                    explainer_title=F("explainer__title"),
                    live_revision_id=F("explainer__live_revision_id"),
                ),
                limit,
                "revisions",
                truncated,
            )
        ],
        truncated=truncated,
    )


FLAGGED = {
    "retracted": Q(status=Source.Status.RETRACTED),
    "dead": Q(link_status=Source.LinkStatus.DEAD),
}


def live_citing_flagged_sources(reason: str | None = None) -> QuerySet[Explainer]:
    """Live explainers whose live revision cites a retracted source or a dead
    link (``reason`` "retracted" or "dead"; both without one).

    The flagged sources are few and indexed (``source_flagged``); from them
    the revisions' cited-sources index leads to the live explainers.
    """
    flagged = FLAGGED[reason] if reason else FLAGGED["retracted"] | FLAGGED["dead"]
    revisions = RevisionSource.objects.filter(
        source__in=Source.objects.filter(flagged)
    ).values("revision_id")
    return Explainer.objects.filter(live_revision__in=revisions)


def stale_statistics(today: datetime.date | None = None) -> QuerySet[Statistic]:
    """Figures past their review date (as of + the interval of their kind),
    the longest overdue first: a range of the ``statistic_review_due`` index."""
    today = today or timezone.localdate()
    return Statistic.objects.filter(review_due__lt=today).order_by("review_due", "pk")
