"""``migrate``, the one command allowed to create the SQLite database file."""

from django.core.management.commands import migrate

from newsroom.sqlite.base import may_create


class Command(migrate.Command):
    def handle(self, *args, **options):
        token = may_create.set(True)
        try:
            return super().handle(*args, **options)
        finally:
            may_create.reset(token)
