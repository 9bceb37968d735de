"""Throttles whose rates are read per request from the settings.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` when the class is defined, so
a changed setting (tests, a reloaded configuration) would be ignored.
"""

from collections.abc import Mapping
from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # Rates such as "120/minute" (the stubs take them for numbers).
        rates: Mapping[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope) if self.scope else None


class PublicAnonThrottle(_RateFromSettings, AnonRateThrottle):
    """Anonymous readers of the public API, per client address."""

    scope = "anon"


class NewsroomUserThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in newsroom tools, per user."""

    scope = "user"


class SearchThrottle(_RateFromSettings):
    """Full-text searches (the site's search page and the public API's ``q``),
    per client address, signed in or not: search costs the database far more
    than a page read, so it has its own, lower rate."""

    scope = "search"

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }
