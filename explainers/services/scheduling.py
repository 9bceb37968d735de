"""Scheduled publishing and archiving: a person decides now, a job acts on time.

Scheduling is a decision like publishing itself: the same permission, four
eyes and second factor (``require_transition``), taken on the version the
person read. At the time, the ``publish_due`` job carries it out through the
same transition as a click would, acting for the person who scheduled it,
with the gate checked again at that moment. A refusal then (the gate, a
changed explainer, a lost role) cancels the schedule, leaves the explainer as
it was and tells the people concerned (``signals.schedule_refused``).
An edit that sends the explainer back to draft cancels a scheduled publication.
"""

from datetime import datetime, timedelta
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from explainers import gate, selectors
from explainers.errors import InvalidTransition, PublicationBlocked
from explainers.models import Explainer
from explainers.permissions import require_transition
from explainers.services.content import lock_explainer
from explainers.services.transitions import explainer_publish, explainer_unpublish
from explainers.signals import schedule_refused, send_on_commit
from explainers.workflow import TRANSITIONS, is_legal
from newsroom.actors import Actor
from newsroom.errors import StaleWrite, describe_refusal
from newsroom.second_factor import vouch
from newsroom.services import save_with_history

Action = Literal["publish", "unpublish"]
FIELD: dict[str, str] = {
    "publish": "scheduled_publish_at",
    "unpublish": "scheduled_archive_at",
}
# How far ahead a schedule may be set: far enough for an embargo, near
# enough that a typo in the year is caught.
HORIZON = timedelta(days=366)

REFUSALS = (
    PublicationBlocked,
    InvalidTransition,
    PermissionDenied,
    StaleWrite,
    ValidationError,
)


def _action(action: str) -> Action:
    if action not in FIELD:
        raise ValidationError({"action": "Schedule either publish or unpublish."})
    return action  # type: ignore[return-value]


def explainer_schedule(
    *,
    explainer_id: int,
    actor: Actor,
    action: str,
    at: datetime,
    expected_version: int | None = None,
) -> Explainer:
    """Schedules ``action`` of the explainer at ``at`` (an aware datetime)."""
    from explainers.tasks import publish_due
    from jobs import enqueue_on_commit

    action = _action(action)
    now = timezone.now()
    if timezone.is_naive(at):
        raise ValidationError({"at": "Give the time with its time zone."})
    if at <= now:
        raise ValidationError({"at": "Choose a time in the future."})
    if at > now + HORIZON:
        raise ValidationError({"at": "Choose a time within a year."})
    with transaction.atomic():
        explainer = lock_explainer(
            explainer_id, expected_version=expected_version, version_required=True
        )
        require_transition(actor, explainer, action)
        if action == "publish":
            # The gate is checked now, so that the person learns what is
            # missing today rather than from a refusal at the time.
            found = gate.blocking(
                gate.problems(explainer, context=selectors.load_context(explainer.pk))
            )
            if found:
                raise PublicationBlocked(found)
        if not is_legal(
            action,
            state=explainer.state,
            has_live_revision=bool(explainer.live_revision_id),
        ):
            state = Explainer.State(explainer.state).label.lower()
            raise InvalidTransition(
                f"Cannot schedule {TRANSITIONS[action].label.lower()}: the "
                f"explainer is {state}."
            )
        setattr(explainer, FIELD[action], at)
        explainer.scheduled_by = actor
        label = TRANSITIONS[action].label.lower()
        save_with_history(
            explainer,
            actor=actor,
            reason=f"Scheduled to {label} at {at:%Y-%m-%d %H:%M} UTC",
        )
        # On time to the second; the periodic sweep catches anything missed.
        enqueue_on_commit(publish_due.using(run_after=at))
    return explainer


def explainer_unschedule(
    *,
    explainer_id: int,
    actor: Actor,
    action: str,
    expected_version: int | None = None,
) -> Explainer:
    action = _action(action)
    with transaction.atomic():
        explainer = lock_explainer(
            explainer_id, expected_version=expected_version, version_required=True
        )
        require_transition(actor, explainer, action)
        if getattr(explainer, FIELD[action]) is None:
            label = TRANSITIONS[action].label.lower()
            raise InvalidTransition(f"Nothing to cancel: no {label} is scheduled.")
        setattr(explainer, FIELD[action], None)
        save_with_history(
            explainer,
            actor=actor,
            reason=f"Cancelled the scheduled {TRANSITIONS[action].label.lower()}",
        )
    return explainer


def due_schedules(now: datetime) -> list[tuple[int, Action]]:
    """What is due by ``now``: two indexed queries whatever the archive's size."""
    due: list[tuple[int, Action]] = []
    for action, field in FIELD.items():
        ids = Explainer.objects.filter(**{f"{field}__lte": now}).values_list(
            "pk", flat=True
        )
        due.extend((pk, action) for pk in ids)  # type: ignore[misc]
    return due


def carry_out(explainer_id: int, action: Action, *, now: datetime) -> str:
    """Takes one due scheduled step; returns "done", "refused" or "not due".

    The explainer row stays locked from the check to the transition, so two
    workers sweeping at once carry a schedule out once.
    """
    field = FIELD[action]
    with transaction.atomic():
        explainer = lock_explainer(explainer_id)
        at = getattr(explainer, field)
        if at is None or at > now:
            return "not due"
        scheduled_by = explainer.scheduled_by
        try:
            if scheduled_by is None:
                raise PermissionDenied("The person who scheduled it no longer exists.")
            actor = vouch(scheduled_by, by="scheduled job")
            comment = f"Scheduled for {at:%Y-%m-%d %H:%M:%S} UTC"
            step = explainer_publish if action == "publish" else explainer_unpublish
            with transaction.atomic():
                step(
                    explainer_id=explainer_id,
                    actor=actor,
                    comment=comment,
                    expected_version=explainer.version,
                )
        except REFUSALS as refusal:
            _cancel(explainer_id, action, refusal)
            return "refused"
    return "done"


def _cancel(explainer_id: int, action: Action, refusal: Exception) -> None:
    explainer = lock_explainer(explainer_id)
    setattr(explainer, FIELD[action], None)
    reason = describe_refusal(refusal)
    save_with_history(
        explainer,
        # Nobody, when the person who scheduled it has since been deleted.
        actor=explainer.scheduled_by,  # type: ignore[arg-type]
        reason=f"Scheduled {TRANSITIONS[action].label.lower()} refused: {reason}",
    )
    send_on_commit(
        schedule_refused,
        Explainer,
        explainer_id=explainer_id,
        action=action,
        reason=reason,
        scheduled_by_id=explainer.scheduled_by_id,
    )


def run_due_schedules(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    outcomes: dict[str, int] = {"done": 0, "refused": 0, "not due": 0}
    for explainer_id, action in due_schedules(now):
        outcomes[carry_out(explainer_id, action, now=now)] += 1
    return outcomes
