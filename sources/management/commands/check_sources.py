from django.core.management.base import BaseCommand, CommandError

from newsroom.management.preconditions import require_migrated
from sources.links import services
from sources.models import LinkCheck, Source


class Command(BaseCommand):
    help = (
        "Checks the links of cited sources that are due now (--all: every source "
        "with a URL; --source ID: one) and prints a summary. Dead links are "
        "findings, not failures: the exit status is 0."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="Check every source with a URL."
        )
        which.add_argument(
            "--source",
            type=int,
            action="append",
            metavar="ID",
            help="Check one source.",
        )

    def handle(self, *args, all=False, source=None, **options):
        require_migrated()
        if source:
            found = services.sources_by_id(source)
            unknown = sorted(set(source) - {s.pk for s in found})
            if unknown:
                raise CommandError(f"No source with ID {', '.join(map(str, unknown))}.")
            without_url = [s.pk for s in found if not s.url]
            if without_url:
                raise CommandError(
                    f"Source {', '.join(map(str, without_url))} has no URL to check."
                )
            summary = services.link_checks_run(found)
        elif all:
            summary = services.link_checks_run(
                list(Source.objects.exclude(url="").order_by("pk"))
            )
        else:
            summary = services.link_checks_due(limit=10**9)
        self.stdout.write(f"Checked {summary.checked} link(s).")
        for outcome in LinkCheck.Outcome:
            if summary.outcomes[outcome]:
                self.stdout.write(f"  {outcome.label:20} {summary.outcomes[outcome]}")
        if summary.dead:
            self.stdout.write(f"Dead links ({len(summary.dead)}):")
            for dead in summary.dead:
                archived = (
                    f" (archived: {dead.archive_url})"
                    if dead.archive_url
                    else " (no archive copy)"
                )
                self.stdout.write(f"  #{dead.pk} {dead.url}{archived}")
