from django.core.management.base import BaseCommand, CommandError

from newsroom.management.preconditions import require_migrated
from newsroom.roles import ROLE_PERMISSIONS, setup_roles


class Command(BaseCommand):
    help = "Creates or updates the Editors, Reviewers and Chief editors groups."

    def handle(self, *args, **options):
        require_migrated()
        try:
            result = setup_roles()
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        for name, (_group, created) in result.items():
            verb = "created" if created else "up to date"
            count = len(ROLE_PERMISSIONS[name])
            self.stdout.write(f"{name}: {verb} ({count} permissions)")
