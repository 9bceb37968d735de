"""Public reads on a real streaming replica; everything else on the primary
(issue 16, point 2).

The replica is made here: ``pg_basebackup -R`` of the PostgreSQL cluster the
suite runs on, started on a port of its own (fleet/postgres.py). Skipped,
with the reason, on SQLite, without PostgreSQL's tools, or where the primary
refuses replication connections.
"""

import pytest
from django.db import connection, connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from explainers import search, views
from explainers.models import Explainer
from fleet import postgres
from newsroom import db_router
from tests.explainers.workflow_helpers import make_published
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = [
    pytest.mark.postgres,
    # Every alias, the replica's included (added by the module's fixture).
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    """A streaming replica of the primary as the ``replica`` alias.

    Module-scoped, so the alias exists before each test's database access is
    set up. Marked a test mirror of the primary: the test's flush of
    committed rows runs on the primary (a standby is read-only) and reaches
    the replica by replication.
    """
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    primary = connection.settings_dict
    try:
        server = postgres.replica_of(
            primary["HOST"] or "127.0.0.1", int(primary["PORT"] or 5432), major=major
        )
    except postgres.Unavailable as exc:
        pytest.skip(str(exc))
    connections.settings[db_router.REPLICA] = {
        **primary,
        "PORT": str(server.port),
        "CONN_MAX_AGE": 0,
        "TEST": {**primary.get("TEST", {}), "MIRROR": db_router.PRIMARY},
    }
    yield server
    if db_router.REPLICA in connections:
        connections[db_router.REPLICA].close()
        del connections[db_router.REPLICA]
    del connections.settings[db_router.REPLICA]
    server.remove()


@pytest.fixture
def replica(standby, settings):
    """The replica alias, with the router and its middleware on."""
    settings.DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
    settings.DATABASE_REPLICA_PIN_SECONDS = 60
    views.page_cache.clear()
    yield connections[db_router.REPLICA]
    views.page_cache.clear()


def replica_has(slug: str, state: str) -> bool:
    with connections[db_router.REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM explainers_explainer WHERE slug = %s AND state = %s",
            [slug, state],
        )
        return cursor.fetchone() is not None


def replay(paused: bool) -> None:
    with connections[db_router.REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_replay_pause()"
            if paused
            else "SELECT pg_wal_replay_resume()"
        )


def test_the_replica_alias_is_a_streaming_standby(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


def test_public_reads_go_to_the_replica_and_the_rest_to_the_primary(
    replica, editor, reviewer
):
    explainer = make_published(editor, reviewer)
    postgres.wait_until(
        lambda: replica_has(explainer.slug, "published"), what="replication"
    )
    reader = Client()
    for url in (
        f"/explainers/{explainer.slug}/",
        "/",
        "/sitemap.xml",
        "/feeds/explainers/",
        f"/api/v1/explainers/{explainer.slug}/",
        "/api/v1/explainers/",
        "/search/?q=parties",
        "/api/v1/explainers/?q=parties",
    ):
        with (
            CaptureQueriesContext(replica) as on_replica,
            CaptureQueriesContext(connection) as on_primary,
        ):
            assert reader.get(url).status_code == 200, url
        assert on_replica.captured_queries, f"{url} read the replica"
        assert not on_primary.captured_queries, f"{url} left the primary alone"

    staff = Client()
    staff.force_login(editor)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        staff.get(f"/api/v1/newsroom/explainers/{explainer.pk}/")
        staff.get("/admin/")
    assert on_primary.captured_queries
    assert not on_replica.captured_queries, "the newsroom and admin use the primary"


def test_a_reader_who_just_wrote_reads_the_primary(replica, editor, reviewer, chief):
    """With the replica behind, the public sees its copy, but the client that
    wrote is pinned to the primary and sees what it did."""
    explainer = make_published(editor, reviewer)
    url = f"/explainers/{explainer.slug}/"
    postgres.wait_until(
        lambda: replica_has(explainer.slug, "published"), what="replication"
    )
    replay(paused=True)
    try:
        writer = Client()
        verified_login(writer, chief)
        answer = writer.post(
            f"/api/v1/newsroom/explainers/{explainer.pk}/unpublish/",
            {"comment": "Withdrawn"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{seen(explainer.pk)}"',
        )
        assert answer.status_code == 200, answer.content
        assert db_router.PIN_COOKIE in answer.cookies

        assert Client().get(url).status_code == 200, "the lagging replica's copy"
        assert writer.get(url).status_code == 410, "the writer reads the primary"
    finally:
        replay(paused=False)
    postgres.wait_until(
        lambda: replica_has(explainer.slug, "archived"), what="replication"
    )
    assert Client().get(url).status_code == 410


def test_the_search_time_limit_applies_on_the_replica(replica):
    token = db_router._read_from.set(db_router.REPLICA)
    try:
        with search.statement_timeout(1234), replica.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("1234ms",)
    finally:
        db_router._read_from.reset(token)


def test_writes_go_to_the_primary_even_in_a_public_request(replica):
    token = db_router._read_from.set(db_router.REPLICA)
    try:
        assert Explainer.objects.all().db == db_router.REPLICA
        assert Explainer.objects.select_for_update().db == db_router.PRIMARY
        assert router.db_for_write(Explainer) == db_router.PRIMARY
    finally:
        db_router._read_from.reset(token)
