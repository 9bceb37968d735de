"""The answer to a sign-in while the login limits hold (django-axes).

The same page whether or not the account exists, whatever the password: it
names neither and says what to do.
"""

from axes.helpers import get_cool_off
from django.contrib.admin import site
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {
            **site.each_context(request),
            "title": "Signing in is paused",
            "cooloff_minutes": minutes,
        },
        status=429,
    )
