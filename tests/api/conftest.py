"""Shared set-up for the API tests: clients per persona, throttles out of the way."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


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


def token_client(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
