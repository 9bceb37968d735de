from django.core.management.base import BaseCommand

from explainers.demo import load_demo
from newsroom.management.preconditions import require_migrated


class Command(BaseCommand):
    help = (
        "Loads demo users (editor, reviewer, chief), sources and two explainers: "
        "one published, one refused by the publication gate. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo users (default: a generated one for new "
            "users; existing users keep theirs).",
        )

    def handle(self, *args, password=None, **options):
        require_migrated()
        load_demo(password=password, log=self.stdout.write)
