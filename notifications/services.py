"""Writes of notifications: telling people, marking read, email preferences."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jobs import enqueue_on_commit
from newsroom.actors import Actor
from notifications import tasks
from notifications.models import Notification, NotificationPreference, Verb
from notifications.rules import Event


def notify(events: Iterable[Event]) -> list[Notification]:
    """Writes one notification per recipient of each event, once.

    A recipient already told of an event (same ``event_key``) is skipped by
    the unique constraint, so a signal received twice changes nothing. The
    emails go out from a job once this commits; the job sends each at most
    once. Returns the notifications of these events not yet emailed.
    """
    events = [event for event in events if event.recipient_ids]
    if not events:
        return []
    rows = [
        Notification(
            recipient_id=recipient_id,
            verb=event.verb,
            actor_id=event.actor_id,
            explainer_id=event.explainer_id,
            statistic_id=event.statistic_id,
            text=event.text[:500],
            url=event.url,
            event_key=event.key,
        )
        for event in events
        for recipient_id in sorted(event.recipient_ids)
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        pending = list(
            Notification.objects.filter(
                event_key__in={event.key for event in events},
                emailed_at__isnull=True,
            )
            .exclude(recipient__email="")
            .select_related("recipient")
        )
        muted = set(
            NotificationPreference.objects.filter(
                user_id__in={n.recipient_id for n in pending},
                verb__in={n.verb for n in pending},
                email=False,
            ).values_list("user_id", "verb")
        )
        emailed = [n for n in pending if (n.recipient_id, n.verb) not in muted]
        for notification in emailed:
            enqueue_on_commit(tasks.send_notification_email, notification.pk)
    return emailed


def notifications_mark_read(*, actor: Actor, ids: Iterable[int]) -> int:
    """Marks ``actor``'s notifications among ``ids`` read; returns how many.

    Someone else's notification is refused, and nothing is marked then.
    """
    ids = set(ids)
    own = Notification.objects.filter(pk__in=ids, recipient=actor)
    if own.count() != len(ids):
        raise PermissionDenied("You can only mark your own notifications read.")
    return own.filter(read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, actor: Actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def email_preferences(user: Actor) -> dict[str, bool]:
    """Every kind of notification → whether ``user`` gets it by email."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("verb", "email")
    )
    return {verb: chosen.get(verb, True) for verb in Verb.values}


@transaction.atomic
def email_preferences_set(*, actor: Actor, emailed: Iterable[str]) -> dict[str, bool]:
    """Emails ``actor`` the kinds in ``emailed`` and no others."""
    emailed = set(emailed)
    unknown = emailed - set(Verb.values)
    if unknown:
        raise ValidationError(
            f"Unknown kinds of notification: {', '.join(sorted(unknown))}."
        )
    for verb in Verb.values:
        NotificationPreference.objects.update_or_create(
            user=actor, verb=verb, defaults={"email": verb in emailed}
        )
    return email_preferences(actor)
