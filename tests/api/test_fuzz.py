"""A schema-driven fuzz run: schemathesis against the generated OpenAPI schema.

Every operation gets a few generated requests (valid and invalid), sent
through the WSGI application as an editor with a token, so write endpoints
run too. No answer may be a server error. Bounded so it runs in `make test`:
few examples per operation, a deadline per example, derandomized so a CI
failure reproduces locally, and no example database written to the checkout.
"""

import datetime
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from accounts.services import token_issue
from tests.explainers.workflow_helpers import make_draft, make_published

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

MAX_EXAMPLES = 10
DEADLINE = datetime.timedelta(seconds=5)


# The document /api/v1/schema/ serves, generated in process at collection.
# (schemathesis.pytest.from_fixture would defer this, but it relies on a
# pytest-internal attribute that pytest 9 removed.)
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True)
)


@pytest.fixture
def wsgi_app():
    """The WSGI application, keeping the test's database connection open.

    Django's handler closes connections at the start and end of a request;
    its test client switches that off, and so must a direct WSGI caller, or
    PostgreSQL loses the test transaction after the first request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_target(editor, reviewer):
    """Objects with small ids, which the generated path parameters often hit."""
    make_draft(editor, slug="draft-one", statistics=2)
    make_published(editor, reviewer, slug="published-one")
    key = token_issue(user=editor, name="Fuzz", from_shell=True).key
    return {"Authorization": f"Token {key}"}


FUZZ_STATS: dict[str, Any] = {"requests": 0, "by_status": {}}


@pytest.fixture(scope="module", autouse=True)
def report_fuzz_stats():
    """Prints how many requests the run sent and what they answered (-s)."""
    yield
    by_status = dict(sorted(FUZZ_STATS["by_status"].items()))
    print(f"\nfuzz: {FUZZ_STATS['requests']} requests, by status {by_status}")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=DEADLINE,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(case, fuzz_target, wsgi_app):
    response = case.call_and_validate(
        app=wsgi_app,
        headers=fuzz_target,
        checks=[not_a_server_error],
    )
    FUZZ_STATS["requests"] += 1
    by_status = FUZZ_STATS["by_status"]
    by_status[response.status_code] = by_status.get(response.status_code, 0) + 1
