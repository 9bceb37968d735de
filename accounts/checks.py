"""System checks: the demo's second-factor bypass never runs in production."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_second_factor_off(**kwargs: Any) -> list[Error]:
    if settings.DEMO_SKIP_SECOND_FACTOR and not settings.DEBUG:
        return [
            Error(
                "DEMO_SKIP_SECOND_FACTOR is on in a production configuration.",
                hint="Unset DEMO_SKIP_SECOND_FACTOR: it is for `make run`'s demo "
                "users only and is ignored while DJANGO_DEBUG is false, so "
                "reviewers and chief editors sign in with their second factor.",
                id="accounts.E001",
            )
        ]
    return []
