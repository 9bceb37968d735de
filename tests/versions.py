"""The version a person reads before a decision, for tests that call services.

Review decisions and transitions must name the explainer version they were
taken on; tests that act as a person who just read the page pass the
current one.
"""

from explainers.models import Explainer, Statistic


def seen(explainer_id: int) -> int:
    """The explainer's current version, as a person reading it now sees it."""
    return Explainer.objects.values_list("version", flat=True).get(pk=explainer_id)


def seen_statistic(statistic_id: int) -> int:
    """The current version of the explainer that holds the statistic."""
    return Statistic.objects.values_list("explainer__version", flat=True).get(
        pk=statistic_id
    )
