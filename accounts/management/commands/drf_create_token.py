"""``manage.py drf_create_token USER``: an API token from the operator's shell.

Replaces Django REST framework's command of the same name (the project's
tokens are hashed and expire). The shell already trusts the operator, so the
token takes the user's decisions; ``--read-only`` issues one that reads only.
"""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import token_issue, tokens_revoke_all


class Command(BaseCommand):
    help = "Issues an API token for USER (shown once; only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "-r",
            "--reset",
            action="store_true",
            help="Revoke the user's other tokens first.",
        )
        parser.add_argument("--read-only", action="store_true")
        parser.add_argument("--days", type=int, help="Lifetime (default: the most).")
        parser.add_argument("--name", default="Issued from the shell")

    def handle(self, *args, username, reset, read_only, days, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"Cannot create the Token: user {username} does not exist"
            )
        if reset:
            tokens_revoke_all(user=user, actor=None, reason="reset from the shell")
        try:
            issued = token_issue(
                user=user, name=name, read_only=read_only, days=days, from_shell=True
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Generated token {issued.key} for user {username}")
        self.stderr.write(
            f"Expires {issued.token.expires_at:%Y-%m-%d %H:%M} UTC"
            + (", read-only" if read_only else "")
        )
