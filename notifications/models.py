from django.conf import settings
from django.db import models
from django.db.models import Q


class Verb(models.TextChoices):
    """What happened; each kind can be emailed or not (``NotificationPreference``)."""

    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    STATISTIC_REJECTED = "statistic_rejected", "Statistic rejected"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    APPROVAL_LAPSED = "approval_lapsed", "Approval lapsed"
    SCHEDULE_REFUSED = "schedule_refused", "Scheduled step refused"


class Notification(models.Model):
    """One person told of one event; ``event_key`` makes a second telling a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(max_length=32, choices=Verb)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    explainer = models.ForeignKey(
        "explainers.Explainer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    statistic = models.ForeignKey(
        "explainers.Statistic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    # Names the event (a transition log row, a decision, a lapse), so that a
    # signal received twice never notifies twice.
    event_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox"
            ),
            # The unread count on every admin page.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class NotificationPreference(models.Model):
    """Whether a person wants email for one kind of notification (default: yes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    verb = models.CharField(max_length=32, choices=Verb)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "verb"], name="notification_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.verb} by email {'on' if self.email else 'off'}"
