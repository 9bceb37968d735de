"""Shared set-up for the API tests: clients per persona, throttles out of the way."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.services import token_issue
from tests.versions import seen

DECISION = re.compile(
    r"/api/v1/newsroom/explainers/(?P<explainer>\d+)/(?:submit|request-changes|"
    r"approve|publish|unpublish|schedule|unschedule|statistics/\d+/(?:approve|reject)|"
    r"findings/[^/]+/waive)/$"
)


class ReadingClient(APIClient):
    """A newsroom tool that reads the explainer before each decision.

    Decisions must name the version they were taken on (If-Match); a POST to
    a decision endpoint without the header gets the current version, as a
    tool that has just fetched the explainer sends it. Tests of the 428
    refusal use ``token_client(user, reads_first=False)``.
    """

    reads_first = True
    user: User  # the persona the client's token belongs to

    def post(  # type: ignore[override]  # the stubs' APIClient.post vs Client.post
        self,
        path: str,
        data: Any = None,
        format: str | None = None,
        content_type: str | None = None,
        follow: bool = False,
        **extra: Any,
    ) -> Any:
        decision = DECISION.search(path)
        if self.reads_first and decision and "HTTP_IF_MATCH" not in extra:
            extra["HTTP_IF_MATCH"] = f'"{seen(int(decision["explainer"]))}"'
        return super().post(path, data, format, content_type, follow, **extra)


@pytest.fixture(autouse=True)
def api_settings(settings):
    """High throttle rates and a clean throttle cache, so no test is flaky.

    The throttle test sets its own low rate.
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


def token_client(user, *, reads_first: bool = True) -> APIClient:
    # As ``manage.py drf_create_token`` issues it: it takes the user's decisions.
    key = token_issue(user=user, name="Test client", from_shell=True).key
    client = ReadingClient()
    client.reads_first = reads_first
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.user = user
    return client


@pytest.fixture
def as_editor(editor):
    return token_client(editor)


@pytest.fixture
def as_other_editor(other_editor):
    return token_client(other_editor)


@pytest.fixture
def as_reviewer(reviewer):
    return token_client(reviewer)


@pytest.fixture
def as_other_reviewer(other_reviewer):
    return token_client(other_reviewer)


@pytest.fixture
def as_chief(chief):
    return token_client(chief)


@pytest.fixture
def as_outsider(outsider):
    return token_client(outsider)
