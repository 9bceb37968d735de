"""Django's SQLite backend, opening the database file read-write but never creating it.

SQLite creates a missing file on connect, so a deleted or misplaced database
used to become an empty one: the health check said "ok" while every page
failed. Here only ``manage.py migrate`` (and the test runner, which migrates
its own databases) may create the file; any other process gets an
``OperationalError`` that says what to do, which pages answer as 503.
"""

import sqlite3
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import quote

from django.db.backends.sqlite3 import base

may_create: ContextVar[bool] = ContextVar("sqlite_may_create", default=False)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = str(conn_params["database"])
        if may_create.get() or self.is_in_memory_db() or name.startswith("file:"):
            return super().get_new_connection(conn_params)
        if not Path(name).exists():
            raise sqlite3.OperationalError(
                f"The SQLite database {name} does not exist; "
                "create it with `manage.py migrate`."
            )
        # mode=rw: a file deleted between the check and the open is not recreated.
        params = {**conn_params, "database": f"file:{quote(name)}?mode=rw"}
        return super().get_new_connection(params)
