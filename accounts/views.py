"""The second-factor step of signing in to the admin: set up, then verify.

Both pages look like the admin (they extend its templates) and need a
password-signed-in session. Setting up a new authenticator when one exists
needs a verified session: a stolen password alone cannot replace the phone.
"""

import segno
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from accounts import services
from accounts.models import AccessEvent
from newsroom.second_factor import second_factor_verified

CODE_REFUSED = (
    "That code was not accepted. Type the six digits your authenticator app "
    "shows now (check that the phone's clock is right), or a recovery code. "
    "After several wrong codes each try waits longer."
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _context(request: HttpRequest, title: str, **extra: object) -> dict:
    return {
        **site.each_context(request),
        "title": title,
        "next": _next(request),
        **extra,
    }


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@login_required
def set_up(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if services.has_second_factor(user) and not second_factor_verified(user):
        return HttpResponseRedirect(
            reverse("accounts:second-factor-verify") + f"?next={_next(request)}"
        )
    device = services.totp_device_start(user)
    error = ""
    if request.method == "POST":
        done = services.totp_device_confirm(
            user=user, token=request.POST.get("code", ""), request=request
        )
        if done is not None:
            otp_login(request, done.device)
            return render(
                request,
                "accounts/recovery_codes.html",
                _context(
                    request,
                    "Your recovery codes",
                    recovery_codes=done.recovery_codes,
                ),
            )
        error = CODE_REFUSED
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/set_up.html",
        _context(
            request,
            "Set up your second factor",
            qr_svg=qr.svg_inline(scale=4, title="Authenticator set-up code"),
            secret=_grouped(device),
            error=error,
            required=services.role_needs_second_factor(user),
        ),
    )


def _grouped(device: object) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()  # type: ignore[attr-defined]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not services.has_second_factor(user):
        return HttpResponseRedirect(
            reverse("accounts:second-factor-set-up") + f"?next={_next(request)}"
        )
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip().replace(" ", "")
        device = match_token(user, code) if code else None
        if device is not None:
            otp_login(request, device)
            services.record(
                AccessEvent.Kind.SECOND_FACTOR_VERIFIED,
                user=user,
                request=request,
                detail=device.name,
            )
            if device.name == "Recovery codes":
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} remain. Each "
                    "works once: set up your authenticator again if you lost it.",
                )
            return HttpResponseRedirect(_next(request))
        services.record(
            AccessEvent.Kind.SECOND_FACTOR_FAILED, user=user, request=request
        )
        error = CODE_REFUSED
    return render(
        request,
        "accounts/verify.html",
        _context(request, "Confirm it is you", error=error),
    )
