"""Each person's notifications in the admin: a list, mark read, email choices."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from newsroom.actors import request_actor
from notifications import services
from notifications.models import Notification, Verb

PER_PAGE = 50


def _staff(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Everyone on staff sees their own notifications, and nobody else's."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(recipient=request.user)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "mark-read/", wrap(self.mark_read_view), name="notifications_mark_read"
            ),
            path(
                "mark-all-read/",
                wrap(self.mark_all_read_view),
                name="notifications_mark_all_read",
            ),
            path(
                "preferences/",
                wrap(self.preferences_view),
                name="notifications_preferences",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = (
            self.get_queryset(request)
            .select_related("actor")
            .order_by("-created_at", "-id")
        )
        if request.GET.get("unread"):
            rows = rows.filter(read_at__isnull=True)
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Notifications",
            "opts": self.model._meta,
            "page": page,
            "unread_only": bool(request.GET.get("unread")),
            "preferences": [
                (verb, Verb(verb).label, emailed)
                for verb, emailed in services.email_preferences(
                    request_actor(request)
                ).items()
            ],
            "has_email": bool(request_actor(request).email),
            **(extra_context or {}),
        }
        return TemplateResponse(
            request, "admin/notifications/notification/inbox.html", context
        )

    def change_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return HttpResponseRedirect(self._inbox())

    def _inbox(self) -> str:
        return reverse("admin:notifications_notification_changelist")

    @staticmethod
    def _back(request: HttpRequest, fallback: str) -> str:
        # Back to the page the button was on (the list, a later page, the desk).
        target = request.POST.get("next", "")
        return target if target.startswith("/admin/") else fallback

    @staticmethod
    def _ids(request: HttpRequest) -> list[int]:
        try:
            return [int(pk) for pk in request.POST.getlist("id")]
        except ValueError:
            raise ValidationError("Not a notification.") from None

    def mark_read_view(self, request: HttpRequest) -> HttpResponse:
        return require_POST(self._mark_read)(request)

    def _mark_read(self, request: HttpRequest) -> HttpResponse:
        try:
            ids = self._ids(request)
            services.notifications_mark_read(actor=request_actor(request), ids=ids)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(self._back(request, self._inbox()))

    def mark_all_read_view(self, request: HttpRequest) -> HttpResponse:
        return require_POST(self._mark_all_read)(request)

    def _mark_all_read(self, request: HttpRequest) -> HttpResponse:
        marked = services.notifications_mark_all_read(actor=request_actor(request))
        messages.success(
            request, f"Marked {marked} notification{'s' if marked != 1 else ''} read."
        )
        return HttpResponseRedirect(self._back(request, self._inbox()))

    def preferences_view(self, request: HttpRequest) -> HttpResponse:
        return require_POST(self._preferences)(request)

    def _preferences(self, request: HttpRequest) -> HttpResponse:
        try:
            services.email_preferences_set(
                actor=request_actor(request), emailed=request.POST.getlist("email")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your email choices are saved.")
        return HttpResponseRedirect(self._inbox())
