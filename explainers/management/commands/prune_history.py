"""``manage.py prune_history --before DATE [--apply] [--archive FILE]``.

Every explainer version stays readable: the history row that made a version
(its first row, written by the person who changed the content) is kept. What
goes are the later rows of the same version: the copies a workflow step
writes (submit, approve, publish...), whose content is the version's and
whose step the transition log keeps. Rows since an explainer's last
publication are never pruned, since the four-eyes rule reads them.

Prints what it would remove (count and size) unless ``--apply``; with
``--archive`` the removed rows are first written there as JSON Lines.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from explainers.models import Explainer, TransitionLog
from newsroom.management.preconditions import require_migrated


def prunable(before: datetime.datetime):
    """Explainer history rows that repeat their version, before ``before``."""
    history = Explainer.history.model
    earlier_of_same_version = history.objects.filter(
        id=OuterRef("id"),
        version=OuterRef("version"),
        history_id__lt=OuterRef("history_id"),
    )
    published_later = TransitionLog.objects.filter(
        explainer_id=OuterRef("id"),
        transition="publish",
        created_at__gt=OuterRef("history_date"),
    )
    return history.objects.filter(
        Exists(earlier_of_same_version),
        Exists(published_later),
        history_date__lt=before,
    )


class Command(BaseCommand):
    help = "Removes explainer history rows that repeat a version (dry run by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            required=True,
            help="Only rows older than this date (YYYY-MM-DD).",
        )
        parser.add_argument("--apply", action="store_true", help="Delete them.")
        parser.add_argument("--archive", help="Write the rows here first (JSONL).")

    def handle(self, *args, before, apply, archive, **options):
        require_migrated()
        try:
            day = datetime.date.fromisoformat(before)
        except ValueError as exc:
            raise CommandError(
                f"--before must be a date like 2026-01-31: {exc}"
            ) from exc
        cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        rows = prunable(cutoff)
        with transaction.atomic():
            count = rows.count()
            size = sum(len(body or "") for body in rows.values_list("body", flat=True))
            self.stdout.write(
                f"{count} history rows repeat a version before {day} "
                f"(about {size / 1_000_000:.1f} MB of bodies)."
            )
            if not apply:
                self.stdout.write("Dry run: nothing removed (add --apply).")
                return
            if archive:
                with open(archive, "a", encoding="utf-8") as out:
                    for row in rows.values().iterator():
                        out.write(json.dumps(row, cls=DjangoJSONEncoder) + "\n")
            rows.delete()
        self.stdout.write(self.style.SUCCESS(f"Removed {count} history rows."))
