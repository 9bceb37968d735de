"""Scheduling in the admin: a form under the next steps, one service call per click."""

from datetime import UTC, datetime

from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from explainers.admin.views import posted_version
from explainers.models import Explainer
from explainers.permissions import transition_refusal
from explainers.services import scheduling
from newsroom.errors import REFUSALS, describe_refusal


def schedule_context(request: HttpRequest, explainer: Explainer) -> dict:
    """What the scheduling form on the change page offers this person."""
    offers = []
    for action, label, field, wanted_state in (
        ("publish", "Publish", "scheduled_publish_at", Explainer.State.APPROVED),
        ("unpublish", "Unpublish", "scheduled_archive_at", None),
    ):
        at = getattr(explainer, field)
        possible = (
            explainer.state == wanted_state
            if wanted_state
            else bool(explainer.live_revision_id)
        )
        if not (at or possible):
            continue
        if transition_refusal(request.user, explainer, action):
            continue  # not this person's decision: say nothing
        offers.append({"action": action, "label": label, "at": at})
    return {
        "schedule_offers": offers,
        "schedule_by": explainer.scheduled_by,
        "schedule_url": reverse(
            "admin:explainers_explainer_schedule", args=[explainer.pk]
        ),
        "schedule_min": timezone.now().strftime("%Y-%m-%dT%H:%M"),
    }


def schedule_view(request: HttpRequest, explainer_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer, pk=explainer_id)
    back = reverse("admin:explainers_explainer_change", args=[explainer.pk])
    action = request.POST.get("action", "")
    try:
        if request.POST.get("cancel"):
            scheduling.explainer_unschedule(
                explainer_id=explainer.pk,
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                expected_version=posted_version(request),
            )
            messages.success(request, "The scheduled step is cancelled.")
        else:
            at = _parse_utc(request.POST.get("at", ""))
            if at is None:
                messages.error(request, "Give a date and time (UTC) to schedule it.")
                return HttpResponseRedirect(back)
            scheduling.explainer_schedule(
                explainer_id=explainer.pk,
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                at=at,
                expected_version=posted_version(request),
            )
            what = "be published" if action == "publish" else "be taken down"
            messages.success(
                request,
                f"Scheduled: it will {what} at {at:%d %B %Y, %H:%M} UTC; the "
                "checklist is checked again then.",
            )
    except REFUSALS as refusal:
        messages.error(request, describe_refusal(refusal))
    return HttpResponseRedirect(back)


def _parse_utc(value: str) -> datetime | None:
    """Reads the form's ``datetime-local`` value, which the page labels UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
