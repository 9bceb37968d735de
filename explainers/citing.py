"""The explainers' side of ``sources.citing``: statistics cite sources.

Installed by ``ExplainersConfig.ready``; the source services call it.
"""

from explainers.models import Explainer
from explainers.services.content import statistics_source_changed
from sources.models import Source


class StatisticsCiteSources:
    def source_changed(self, source: Source, *, actor) -> None:
        # An approval covers the source as it was: the reviews lapse.
        statistics_source_changed(source=source, actor=actor)

    def deletion_refusal(self, source: Source) -> str | None:
        # What readers saw keeps its sources: published revisions list them.
        live_contents = Explainer.objects.live().values_list(
            "live_revision__content", flat=True
        )
        for content in live_contents:
            if any(s["id"] == source.pk for s in content.get("sources", [])):
                return (
                    "This source is cited by a published explainer and cannot be "
                    "deleted."
                )
        return None
