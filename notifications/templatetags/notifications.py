"""The unread count beside the user links on every admin page."""

from django import template
from django.http import HttpRequest

from notifications.models import Notification

register = template.Library()

# Beyond this the count reads "99+": one indexed query that never counts a
# long-neglected inbox to the end.
SHOWN_MAX = 99


def unread_count(request: HttpRequest) -> int:
    """Unread notifications of the request's user (up to ``SHOWN_MAX + 1``),
    read once per request however many templates ask."""
    cached = getattr(request, "_notifications_unread", None)
    if cached is None:
        user = request.user
        cached = 0
        if user.is_authenticated:
            cached = len(
                Notification.objects.filter(recipient=user, read_at__isnull=True)
                .order_by()
                .values_list("pk", flat=True)[: SHOWN_MAX + 1]
            )
        request._notifications_unread = cached  # type: ignore[attr-defined]
    return cached


@register.inclusion_tag("admin/notifications/userlink.html", takes_context=True)
def notifications_link(context: template.Context) -> dict[str, object]:
    request = context.get("request")
    count = unread_count(request) if request is not None else 0
    return {
        "unread": count,
        "shown": f"{SHOWN_MAX}+" if count > SHOWN_MAX else str(count),
    }
