"""Sends a decision-maker to the second-factor step before any admin page.

After the password, reviewers, chief editors and anyone who set up an
authenticator (``services.needs_second_factor``) must confirm with it: every
admin page but the second-factor pages and signing out redirects there until
the session is verified, and the newsroom API answers such a session 403.
Token requests are not concerned: a token's own origin decides what it may
do (``accounts.authentication``), and decisions are refused by the permission
rules (``explainers.permissions``) to anyone not verified.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from accounts import services
from newsroom.second_factor import (
    REFUSAL,
    demo_skips_second_factor,
    second_factor_verified,
)

NEWSROOM_API = "/api/v1/newsroom/"

# Set at sign-in for someone who has an authenticator: they are held to it
# even when their role does not require it (an editor who opted in).
SESSION_REQUIRES = "accounts_second_factor_required"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        key = services.current_session_key.set(
            session.session_key if session is not None else None
        )
        actor = services.current_actor.set(getattr(request, "user", None))
        try:
            step = self._second_factor_step(request)
            return step if step is not None else self.get_response(request)
        finally:
            services.current_session_key.reset(key)
            services.current_actor.reset(actor)

    def _second_factor_step(self, request: HttpRequest) -> HttpResponse | None:
        admin = reverse("admin:index")
        path = request.path_info
        api = path.startswith(NEWSROOM_API) and "HTTP_AUTHORIZATION" not in request.META
        if not (path.startswith(admin) or api) or path.startswith(
            (reverse("accounts:second-factor"), reverse("admin:logout"))
        ):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return None
        if demo_skips_second_factor() or second_factor_verified(user):
            return None
        required = request.session.get(
            SESSION_REQUIRES
        ) or services.role_needs_second_factor(user)
        if not required:
            return None
        if api:
            return JsonResponse(
                {"code": "permission_denied", "message": REFUSAL, "errors": {}},
                status=403,
            )
        target = (
            "accounts:second-factor-verify"
            if services.has_second_factor(user)
            else "accounts:second-factor-set-up"
        )
        return HttpResponseRedirect(
            reverse(target) + "?" + urlencode({"next": request.get_full_path()})
        )
