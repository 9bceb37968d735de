"""The explainers' side of ``sources.citing``: statistics cite sources.

Installed by ``ExplainersConfig.ready``; the source services call it.
"""

from django.db import transaction

from explainers import purge, upkeep
from explainers.models import RevisionSource
from explainers.notices import listings_source_marked
from explainers.services.content import (
    statistics_source_changed,
    statistics_source_marked,
)
from newsroom.actors import Actor
from sources.citing import SourceUses
from sources.models import Source

# Statuses that say a claim citing the source needs another look.
NEEDS_REVIEW = {Source.Status.CORRECTED, Source.Status.RETRACTED}


class StatisticsCiteSources:
    def source_changed(self, source: Source, *, actor: Actor) -> None:
        # An approval covers the source as it was: the reviews lapse.
        statistics_source_changed(source=source, actor=actor)

    def deletion_refusal(self, source: Source) -> str | None:
        # What readers saw keeps its sources: each published revision lists
        # them as indexed rows, kept as long as the revision.
        if RevisionSource.objects.filter(source=source).exists():
            return (
                "This source is cited by a published explainer and cannot be "
                "deleted: published revisions are kept as readers saw them."
            )
        return None

    def source_status_changed(
        self, source: Source, *, previous: str, actor: Actor
    ) -> None:
        if source.status in NEEDS_REVIEW and source.status != previous:
            statistics_source_marked(source=source, actor=actor)
        # Readers of live pages see the retraction (or no longer see it),
        # through CDNs too once the change commits (explainers/purge.py).
        listings_source_marked(source)
        transaction.on_commit(
            lambda: purge.source_notice_changed(source.pk), robust=True
        )

    def uses(self, source: Source, *, limit: int) -> SourceUses:
        return upkeep.source_uses(source.pk, limit=limit)
