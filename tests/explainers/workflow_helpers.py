"""Shared set-up for the explainer workflow tests.

Rows are made with the factories (fast); every step that moves an explainer
through the workflow goes through the services, as the product does.
"""

from dataclasses import dataclass

from django.utils import timezone

from explainers.digest import statistic_digest
from explainers.models import Explainer, PublishedRevision, Statistic, TransitionLog
from explainers.services import content, review, transitions
from sources.models import Citation
from tests.factories import (
    BackgroundBoxFactory,
    CitationFactory,
    ExplainerFactory,
    SourceFactory,
    StatisticFactory,
)
from tests.versions import seen, seen_statistic


def make_draft(editor, *, statistics: int = 1, **explainer_fields) -> Explainer:
    """A draft by ``editor`` whose statistics are placed, cited and pending."""
    keys = [f"figure-{n}" for n in range(1, statistics + 1)]
    placed = " ".join(f"[[stat:{key}]]" for key in keys)
    explainer_fields.setdefault("body", f"The war has displaced {placed}.")
    explainer = ExplainerFactory.create(created_by=editor, **explainer_fields)
    BackgroundBoxFactory.create(
        explainer=explainer, title="Background", body="History."
    )
    for key in keys:
        statistic = StatisticFactory.create(explainer=explainer, key=key)
        CitationFactory.create(statistic=statistic, source=SourceFactory.create())
    return explainer


def approve_statistics(explainer: Explainer, reviewer) -> None:
    for statistic in explainer.statistics.all():
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=seen_statistic(statistic.pk),
        )


def approve_statistics_in_bulk(explainer: Explainer, reviewer) -> None:
    """Approves every statistic by writing the rows directly (no history).

    Set-up of a large case that is about something else (a page, a gate with
    hundreds of statistics): the approval is the one ``statistic_approve``
    records, digest included, at a fraction of the cost. Reviews themselves
    are tested through the service.
    """
    statistics = list(
        explainer.statistics.prefetch_related("citations__source").order_by("pk")
    )
    now = timezone.now()
    for statistic in statistics:
        statistic.review_state = Statistic.ReviewState.APPROVED
        statistic.reviewed_by = reviewer
        statistic.reviewed_at = now
        statistic.reviewed_digest = statistic_digest(
            statistic, list(statistic.citations.all())
        )
    Statistic.objects.bulk_update(
        statistics,
        ["review_state", "reviewed_by", "reviewed_at", "reviewed_digest"],
        batch_size=500,
    )


def make_in_review(editor, **kwargs) -> Explainer:
    explainer = make_draft(editor, **kwargs)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


def make_approved(editor, reviewer, **kwargs) -> Explainer:
    """An approved explainer that passes the publication gate."""
    explainer = make_in_review(editor, **kwargs)
    approve_statistics(explainer, reviewer)
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


def make_published(editor, reviewer, **kwargs) -> Explainer:
    explainer = make_approved(editor, reviewer, **kwargs)
    transitions.explainer_publish(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return reload(explainer)


def make_published_citing(source, editor, reviewer, **kwargs) -> Explainer:
    """A live explainer whose statistics all cite ``source`` (and nothing else)."""
    explainer = make_draft(editor, **kwargs)
    Citation.objects.filter(statistic__explainer=explainer).update(source=source)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    approve_statistics(explainer, reviewer)
    for name in ("approve", "publish"):
        getattr(transitions, f"explainer_{name}")(
            explainer_id=explainer.pk,
            actor=reviewer,
            expected_version=seen(explainer.pk),
        )
    return reload(explainer)


def reapprove_and_republish(
    explainer, *, editor, reviewer, correction: str = "", **publish_kwargs
):
    """Takes an edited (draft) explainer through review and publishes it again.

    ``correction`` is written in the draft first, as an editor does.
    """
    if correction:
        content.explainer_update(
            explainer_id=explainer.pk,
            actor=editor,
            data={"correction_note": correction},
        )
    approve_statistics_needing_review(explainer, reviewer)
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=seen(explainer.pk)
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=seen(explainer.pk)
    )
    return transitions.explainer_publish(
        explainer_id=explainer.pk,
        actor=reviewer,
        **publish_kwargs,
        expected_version=seen(explainer.pk),
    )


def approve_statistics_needing_review(explainer: Explainer, reviewer) -> None:
    for statistic in explainer.statistics.filter(review_state="pending"):
        review.statistic_approve(
            statistic_id=statistic.pk,
            actor=reviewer,
            expected_version=seen_statistic(statistic.pk),
        )


def reload(explainer: Explainer) -> Explainer:
    return Explainer.objects.get(pk=explainer.pk)


@dataclass(frozen=True)
class Recorded:
    """What a refused or bypassed write must leave exactly as it was."""

    state: str
    version: int
    live_revision_id: int | None
    transition_logs: int
    published_revisions: int
    history_rows: int


def recorded(explainer: Explainer) -> Recorded:
    row = Explainer.objects.get(pk=explainer.pk)
    return Recorded(
        state=row.state,
        version=row.version,
        live_revision_id=row.live_revision_id,
        transition_logs=TransitionLog.objects.filter(explainer=row).count(),
        published_revisions=PublishedRevision.objects.filter(explainer=row).count(),
        history_rows=row.history.count(),
    )
