"""The notification email, sent by a job so a failing mail server never
blocks or undoes the editorial work that caused it."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from jobs import job
from notifications.models import Notification


@job(time_limit=60, retries=3)
def send_notification_email(notification_id: int) -> str:
    """Emails one notification, at most once.

    The job first claims the notification (one UPDATE of ``emailed_at`` where
    it is still empty), so a duplicate or concurrent run finds nothing to
    send; a failed send gives the claim back and raises, and the job is
    retried. A worker dying between the claim and the send loses that email
    rather than sending it twice.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return "already sent (or gone)"
    notification = Notification.objects.select_related("recipient", "explainer").get(
        pk=notification_id
    )
    subject = f"[Newsroom] {notification.get_verb_display()}"
    if notification.explainer:
        subject += f": {notification.explainer.title}"
    try:
        send_mail(
            subject=subject,
            message=_body(notification),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return f"sent to {notification.recipient.email}"


def _body(notification: Notification) -> str:
    link = notification.url
    base = getattr(settings, "ADMIN_BASE_URL", "")
    if link and base:
        link = base.rstrip("/") + link
    lines = [notification.text, ""]
    if link:
        lines += [f"Open it: {link}", ""]
    lines.append(
        "You can choose which notifications reach you by email on your "
        "notifications page in the admin."
    )
    return "\n".join(lines)
