"""Honest failure while the database is out of reach (issue 16, point 4).

Every page answers 503 in its own format with Retry-After: HTML for readers,
the API's JSON error shape under /api/. A public page served before the
outage is served from the shared cache meanwhile, and the broken connections
are closed so the first request after the database returns succeeds.
/healthz says which database failed, and that the schema is missing when it
is. SQLite never makes an empty database outside ``migrate``.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.test import Client

from explainers import views
from newsroom import outage
from newsroom.sqlite.base import DatabaseWrapper, may_create
from tests.explainers.workflow_helpers import make_published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_caches():
    cache.clear()
    views.page_cache.clear()
    yield
    cache.clear()
    views.page_cache.clear()


@pytest.fixture
def reader():
    # Answers as a browser sees them, not the exception re-raised.
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as with PostgreSQL stopped; records the reconnects."""
    closed = []

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    def go_down():
        monkeypatch.setattr(connection, "cursor", unreachable)
        # The test's own transaction stays open; the real close is for servers.
        monkeypatch.setattr(
            outage, "close_broken_connections", lambda: closed.append(True)
        )
        return closed

    return go_down


def test_a_page_answers_503_html_with_retry_after(reader, database_down):
    closed = database_down()
    response = reader.get("/explainers/never-served/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Temporarily unavailable" in response.content
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert closed, "broken connections are closed for the next request"


def test_the_front_page_answers_503_too(reader, database_down):
    database_down()
    response = reader.get("/")
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content


def test_the_api_answers_503_in_its_error_shape(reader, database_down):
    database_down()
    response = reader.get("/api/v1/explainers/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert body["message"]
    assert body["errors"] == {}
    assert int(response["Retry-After"]) > 0


def test_a_newsroom_write_answers_503_in_the_error_shape(reader, database_down):
    database_down()
    response = reader.post(
        "/api/v1/newsroom/explainers/",
        {"title": "Anything"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Token whatever",
    )
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_a_page_served_before_the_outage_is_served_during_it(
    reader, database_down, editor, reviewer
):
    explainer = make_published(editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    before = reader.get(url)
    assert before.status_code == 200

    database_down()
    during = reader.get(url)
    assert during.status_code == 200
    assert during.content == before.content
    assert during["X-Served-From"] == "last-good-copy"
    assert during["ETag"] == before["ETag"]


def test_other_errors_stay_500(reader, monkeypatch):
    def broken(request, slug):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(views, "explainer_detail", broken)
    monkeypatch.setattr("explainers.middleware.views.explainer_detail", broken)
    response = reader.get("/explainers/anything/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_healthz_says_503_when_the_schema_is_missing(reader):
    MigrationRecorder.Migration.objects.all().delete()  # rolled back after the test
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "schema missing"}
    assert "Retry-After" in response


def test_healthz_is_ok_with_a_migrated_database(reader):
    response = reader.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def missing_database(tmp_path):
    path = tmp_path / "gone.sqlite3"
    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}
    settings_dict.pop("TEST", None)
    return path, DatabaseWrapper(settings_dict, alias="gone")


def test_sqlite_refuses_to_create_a_missing_database(tmp_path):
    path, database = missing_database(tmp_path)
    with pytest.raises(OperationalError, match=r"does not exist.*manage\.py migrate"):
        database.ensure_connection()
    assert not path.exists()


def test_sqlite_opens_an_existing_database_read_write(tmp_path):
    path, database = missing_database(tmp_path)
    token = may_create.set(True)  # as `manage.py migrate` does
    try:
        database.ensure_connection()
        database.close()
    finally:
        may_create.reset(token)
    assert path.exists()

    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
        cursor.execute("INSERT INTO t VALUES (1)")
        cursor.execute("SELECT x FROM t")
        assert cursor.fetchone() == (1,)
    database.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database file")
def test_healthz_says_503_when_the_sqlite_file_was_deleted(
    reader, tmp_path, monkeypatch
):
    # The open connection would go on reading the deleted file; pages would
    # fail on the next connection.
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "gone.db"))
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_public_api_answer_served_before_is_served_during_an_outage(
    reader, database_down, editor, reviewer
):
    explainer = make_published(editor, reviewer)
    url = f"/api/v1/explainers/{explainer.slug}/"
    before = reader.get(url)
    assert before.status_code == 200
    database_down()
    during = reader.get(url)
    assert during.status_code == 200
    assert during.json() == before.json()


def test_searches_are_not_kept_for_outages(reader, database_down):
    assert reader.get("/search/?q=anything").status_code == 200
    database_down()
    assert reader.get("/search/?q=anything").status_code == 503
