from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from explainers.importer import ImportRefused, decode
from explainers.services.importing import explainer_import
from newsroom.errors import REFUSALS, describe_refusal
from newsroom.management.preconditions import require_migrated
from newsroom.roles import EDITORS


class Command(BaseCommand):
    help = (
        "Imports plain text or Markdown as a draft explainer and prints every "
        "number-bearing phrase the detector found."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", help="Title (default: the first line).")
        parser.add_argument(
            "--author",
            help="Username of the importing editor (default: the first active "
            "member of Editors).",
        )

    def _author(self, username):
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user '{username}'.")
            return user
        user = (
            User.objects.filter(is_active=True, groups__name=EDITORS)
            .order_by("date_joined", "pk")
            .first()
        )
        if user is None:
            raise CommandError("No editor to import as: pass --author USER.")
        return user

    def handle(self, *args, file, title, author, **options):
        require_migrated()
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            text = decode(file.read_bytes())
        except ImportRefused as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        actor = self._author(author)
        try:
            explainer, findings = explainer_import(actor=actor, text=text, title=title)
        except ImportRefused as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        except REFUSALS as exc:
            raise CommandError(f"Nothing imported: {describe_refusal(exc)}") from exc

        boxes = explainer.boxes.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported '{explainer.title}' as draft '{explainer.slug}' "
                f"({boxes} background box{'es' if boxes != 1 else ''}), "
                f"by {actor.get_username()}."
            )
        )
        if not findings:
            self.stdout.write("The detector found no number-bearing phrase.")
            return
        self.stdout.write(
            f"The detector found {len(findings)} number-bearing phrase(s); each must "
            "become a cited statistic or be waived by a reviewer:"
        )
        for finding in findings:
            where = finding.field.key
            self.stdout.write(f"  [{where}] {finding.phrase!r}")
            self.stdout.write(f"      in: {finding.sentence}")
