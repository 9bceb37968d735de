"""Raw copy in, draft explainer out, through the content services."""

from django.db import transaction

from explainers.findings import Finding, find_all
from explainers.importer import parse
from explainers.models import Explainer
from explainers.services import content
from newsroom.actors import Actor


def explainer_import(
    *, actor: Actor, text: str, title: str | None = None
) -> tuple[Explainer, list[Finding]]:
    """Creates a draft from decoded text; returns it with what the detector found."""
    draft = parse(text, title=title)
    with transaction.atomic():
        explainer = content.explainer_create(
            actor=actor,
            data={
                "title": draft.title,
                "standfirst": draft.standfirst,
                "body": draft.body,
            },
        )
        if draft.boxes:
            # The boxes split from the copy are one change: one version.
            with content.explainer_edit(explainer_id=explainer.pk, actor=actor) as edit:
                for box in draft.boxes:
                    edit.box_create(box)
    explainer.refresh_from_db()
    return explainer, find_all(explainer, explainer.boxes.all())
