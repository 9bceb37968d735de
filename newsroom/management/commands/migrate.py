"""``migrate``, the one command allowed to create the SQLite database file."""

from typing import Any

from django.core.management.commands import migrate

from newsroom.sqlite.base import may_create


class Command(migrate.Command):
    # ``execute``, not ``handle``: the system checks that run before
    # ``handle`` already open the database.
    def execute(self, *args: Any, **options: Any) -> Any:
        token = may_create.set(True)
        try:
            return super().execute(*args, **options)
        finally:
            may_create.reset(token)
