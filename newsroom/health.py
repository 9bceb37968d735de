"""Liveness, database reachability and schema presence for load balancers.

200 only when the primary (and the replica, when there is one) answers and
the schema is there: a database that was replaced by an empty one, or never
migrated, is as unable to serve pages as one that is down.
"""

from pathlib import Path

from django.db import connection, connections
from django.db.utils import Error as DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.outage import RETRY_AFTER_SECONDS, close_broken_connections


def database_state(alias: str) -> str:
    """Returns "ok", "unreachable" or "schema missing" for one database."""
    database = connection if alias == "default" else connections[alias]
    # An open SQLite connection keeps reading a deleted file; new ones fail.
    path = Path(str(database.settings_dict["NAME"]))
    no_file = database.vendor != "sqlite" or database.is_in_memory_db()  # type: ignore[attr-defined]
    if not no_file and not path.exists():
        return "unreachable"
    try:
        with database.cursor() as cursor:
            # Applied migrations are the schema's own record of itself; one
            # query answers both questions when all is well, which is the
            # case a load balancer asks about every few seconds.
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            (applied,) = cursor.fetchone()
    except DatabaseError:
        applied = 0
        try:
            with database.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return "unreachable"
    return "ok" if applied else "schema missing"


@never_cache
@require_safe
def healthz(request):
    states = {"database": database_state("default")}
    if "replica" in connections.settings:
        states["replica"] = database_state("replica")
    if all(state == "ok" for state in states.values()):
        return JsonResponse({"status": "ok", **states})
    close_broken_connections()
    response = JsonResponse({"status": "unavailable", **states}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
