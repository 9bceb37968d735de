from django.core.management.base import BaseCommand, CommandError

from explainers import gate
from explainers.models import Explainer
from newsroom.management.preconditions import require_migrated


def print_problems(stdout, found) -> None:
    for problem in found:
        where = ", ".join(f"{k}={v}" for k, v in problem.location.items())
        stdout.write(f"{problem.severity.upper():7} {problem.code}: {problem.message}")
        if where:
            stdout.write(f"        at {where}")
        stdout.write(f"        fix: {problem.fix}")


class Command(BaseCommand):
    help = (
        "Prints the publication gate's problems for an explainer. Exit 0 when it "
        "can be published, 1 when it cannot."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug, **options):
        require_migrated()
        explainer = Explainer.objects.filter(slug=slug).first()
        if explainer is None:
            raise CommandError(f"No explainer with slug '{slug}'.")
        found = gate.problems(explainer)
        print_problems(self.stdout, found)
        errors = gate.blocking(found)
        if errors:
            raise CommandError(
                f"'{slug}' cannot be published: {len(errors)} problem(s) to fix."
            )
        self.stdout.write(self.style.SUCCESS(f"'{slug}' passes the publication gate."))
