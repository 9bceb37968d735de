"""Receivers of the editorial signals: each turns one event into notifications.

They run after the editorial transaction has committed (``explainers.signals``)
and are connected with ``robust`` sending, so an error here is logged and
never reaches the person who took the decision.
"""

from typing import Any

from explainers.models import Explainer, Statistic, TransitionLog
from explainers.signals import (
    approvals_lapsed,
    claim_decided,
    schedule_refused,
    transitioned,
)
from notifications import rules, services
from notifications.models import Verb


def connect() -> None:
    transitioned.connect(on_transition, dispatch_uid="notifications.transition")
    claim_decided.connect(on_claim_decided, dispatch_uid="notifications.claim")
    approvals_lapsed.connect(on_approvals_lapsed, dispatch_uid="notifications.lapse")
    schedule_refused.connect(on_schedule_refused, dispatch_uid="notifications.schedule")


def _actor_name(actor_id: int | None) -> str:
    from django.contrib.auth.models import User

    return rules.name_of(User.objects.filter(pk=actor_id).first() if actor_id else None)


def _why(reason: str) -> str:
    why = reason.removeprefix("Review lapsed: ").rstrip(".")
    return why[:1].lower() + why[1:]


def on_transition(
    *, explainer_id: int, name: str, actor_id: int | None, comment: str, **_: Any
) -> None:
    verb = rules.TRANSITION_VERBS.get(name)
    if verb is None:
        return
    explainer = Explainer.objects.filter(pk=explainer_id).first()
    # The transition's own log row names the event (the newest of its kind:
    # this receiver runs right after the transition committed).
    log_id = (
        TransitionLog.objects.filter(explainer_id=explainer_id, transition=name)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if explainer is None or log_id is None:
        return
    if verb == Verb.SUBMITTED:
        recipients = rules.reviewer_ids(explainer=explainer, actor_id=actor_id)
    else:
        authors = rules.author_ids(explainers=[explainer])[explainer.pk]
        recipients = frozenset(authors - {actor_id})
    services.notify(
        [
            rules.Event(
                key=f"transition:{log_id}",
                verb=verb,
                recipient_ids=recipients,
                text=rules.transition_text(
                    verb,
                    actor=_actor_name(actor_id),
                    title=explainer.title,
                    comment=comment,
                ),
                url=rules.explainer_url(explainer.pk),
                actor_id=actor_id,
                explainer_id=explainer.pk,
            )
        ]
    )


def on_claim_decided(
    *, statistic_id: int, actor_id: int | None, state: str, note: str, **_: Any
) -> None:
    if state != Statistic.ReviewState.REJECTED:
        return
    statistic = (
        Statistic.objects.select_related("explainer").filter(pk=statistic_id).first()
    )
    if statistic is None or statistic.reviewed_at is None:
        return
    explainer = statistic.explainer
    authors = rules.author_ids(explainers=[explainer])[explainer.pk]
    said = f": “{rules.short(note)}”" if note else "."
    services.notify(
        [
            rules.Event(
                key=f"rejected:{statistic.pk}:{statistic.reviewed_at.isoformat()}",
                verb=Verb.STATISTIC_REJECTED,
                recipient_ids=frozenset(authors - {actor_id}),
                text=f"{_actor_name(actor_id)} rejected the statistic "
                f"“{statistic.display_text}” in “{explainer.title}”{said}",
                url=rules.statistic_url(statistic.pk),
                actor_id=actor_id,
                explainer_id=explainer.pk,
                statistic_id=statistic.pk,
            )
        ]
    )


def on_approvals_lapsed(
    *, statistic_ids: list[int], reason: str, actor_id: int | None, **_: Any
) -> None:
    """One notification per explainer and lapse, however many figures it had."""
    statistics = list(
        Statistic.objects.filter(pk__in=statistic_ids, lapsed_at__isnull=False)
        .select_related("explainer")
        .only(
            "pk",
            "display_text",
            "lapsed_at",
            "explainer__id",
            "explainer__title",
            "explainer__created_by_id",
        )
        .order_by("explainer_id", "pk")
    )
    by_explainer: dict[int, list[Statistic]] = {}
    for statistic in statistics:
        by_explainer.setdefault(statistic.explainer_id, []).append(statistic)
    explainers = {s.explainer_id: s.explainer for s in statistics}
    authors = rules.author_ids(explainers=explainers.values())
    events = []
    for explainer_id, lapsed in by_explainer.items():
        explainer = explainers[explainer_id]
        first = lapsed[0]
        when = max(s.lapsed_at for s in lapsed if s.lapsed_at)
        what = (
            f"the approval of “{first.display_text}”"
            if len(lapsed) == 1
            else f"the approvals of {len(lapsed)} figures"
        )
        events.append(
            rules.Event(
                key=f"lapsed:{explainer_id}:{first.pk}:{when.isoformat()}",
                verb=Verb.APPROVAL_LAPSED,
                recipient_ids=frozenset(authors[explainer_id] - {actor_id}),
                text=f"In “{explainer.title}”, {what} lapsed ({_why(reason)}); "
                "a reviewer must check again.",
                url=(
                    rules.statistic_url(first.pk)
                    if len(lapsed) == 1
                    else rules.explainer_url(explainer_id)
                ),
                actor_id=actor_id,
                explainer_id=explainer_id,
                statistic_id=first.pk if len(lapsed) == 1 else None,
            )
        )
    services.notify(events)


def on_schedule_refused(
    *,
    explainer_id: int,
    action: str,
    reason: str,
    scheduled_by_id: int | None,
    **_: Any,
) -> None:
    """A scheduled step refused at its time: the authors and whoever scheduled
    it are told why (nobody acted, so nobody is left out)."""
    explainer = Explainer.objects.filter(pk=explainer_id).first()
    if explainer is None:
        return
    recipients = set(rules.author_ids(explainers=[explainer])[explainer.pk])
    if scheduled_by_id:
        recipients.add(scheduled_by_id)
    step = "publication" if action == "publish" else "unpublication"
    latest = explainer.history.values_list("history_id", flat=True).first()
    services.notify(
        [
            rules.Event(
                key=f"schedule-refused:{explainer_id}:{latest}",
                verb=Verb.SCHEDULE_REFUSED,
                recipient_ids=frozenset(recipients),
                text=f"The scheduled {step} of “{explainer.title}” did not happen: "
                f"{rules.short(reason)} It stays as it was; schedule it again "
                "once this is fixed.",
                url=rules.explainer_url(explainer.pk),
                explainer_id=explainer.pk,
            )
        ]
    )
