"""A source's first citation starts its link checks and asks for an archive copy.

Citations are written by the content that cites (``explainers``), which the
sources app does not import: it listens to its own ``Citation`` model.
"""

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from jobs import enqueue_on_commit
from sources import tasks
from sources.links import services
from sources.models import Citation


@receiver(post_save, sender=Citation, dispatch_uid="sources.links.first_citation")
def first_citation(
    sender: type[Citation], instance: Citation, created: bool, **kwargs: Any
) -> None:
    if not (created and settings.LINK_CHECK_ENABLED):
        return
    if services.source_cited(source_id=instance.source_id):
        # In the citing transaction: a rolled-back citation asks for nothing.
        enqueue_on_commit(tasks.check_source_link, instance.source_id)
        enqueue_on_commit(tasks.archive_source, instance.source_id)
