"""The explainers' side of ``sources.citing``: statistics cite sources.

Installed by ``ExplainersConfig.ready``; the source services call it.
"""

from explainers.models import RevisionSource
from explainers.services.content import statistics_source_changed
from newsroom.actors import Actor
from sources.models import Source


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
