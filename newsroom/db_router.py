"""Public reads on the read replica, everything else on the primary.

With ``DATABASE_REPLICA_URL`` set, ``ReplicaReadsMiddleware`` marks the
requests that only read what readers see (GET and HEAD outside the admin and
the newsroom API) and ``ReplicaRouter`` sends their reads to the ``replica``
alias. Writes, ``select_for_update``, the newsroom API, the admin, the gate
and the job worker always use the primary.

A replica lags the primary by a little, so a client that has just written
(any unsafe request) gets a cookie that pins its reads to the primary for
``DATABASE_REPLICA_PIN_SECONDS``: an editor who publishes and opens the page
sees what they published, not the replica's copy from a moment before.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "primary_until"
# Paths whose reads must see the latest writes: staff work there.
PRIMARY_PREFIXES = ("/admin/", "/api/v1/newsroom/")

_read_from: ContextVar[str] = ContextVar("read_from", default=PRIMARY)


class ReplicaRouter:
    """Reads from the alias the current request asked for; writes to the primary."""

    def db_for_read(self, model, **hints):
        return _read_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a copy of the primary: migrations run on the primary.
        return db == PRIMARY


def pinned(request) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def reads_public(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith(PRIMARY_PREFIXES)
        and not pinned(request)
    )


class ReplicaReadsMiddleware:
    """Sends a public read's queries to the replica; pins writers to the primary."""

    def __init__(self, get_response):
        if REPLICA not in connections.settings:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.pin_seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 10))

    def __call__(self, request):
        token = _read_from.set(REPLICA if reads_public(request) else PRIMARY)
        try:
            response = self.get_response(request)
        finally:
            _read_from.reset(token)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
        ):
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + self.pin_seconds),
                max_age=self.pin_seconds,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
