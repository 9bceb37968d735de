from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from explainers.errors import PublicationBlocked
from explainers.management.commands.check_explainer import print_problems
from explainers.models import Explainer
from explainers.services.transitions import explainer_publish
from newsroom.errors import REFUSALS, describe_refusal
from newsroom.management.preconditions import require_migrated
from newsroom.second_factor import vouch


class Command(BaseCommand):
    help = "Publishes an approved explainer through the workflow, as USER."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--user", required=True, help="Username of the publisher.")
        parser.add_argument("--comment", default="")

    def handle(self, *args, slug, user, comment, **options):
        require_migrated()
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"No user '{user}'.")
        # The operator's shell is trusted: it decides with the user's rights.
        actor = vouch(actor, by="publish_explainer command")
        explainer = Explainer.objects.filter(slug=slug).first()
        if explainer is None:
            raise CommandError(f"No explainer with slug '{slug}'.")
        try:
            revision = explainer_publish(
                explainer_id=explainer.pk,
                actor=actor,
                comment=comment,
                # The operator decides on the explainer as it stands now.
                expected_version=explainer.version,
            )
        except REFUSALS as exc:
            if isinstance(exc, PublicationBlocked):
                print_problems(self.stdout, exc.problems)
            raise CommandError(f"Publishing refused: {describe_refusal(exc)}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Published '{slug}' as revision {revision.number}.")
        )
