"""The images an explainer shows: its lead image and those placed in the text.

An image is placed with ``[[image:ID]]`` on a line of its own in the body or a
box. The gate reads each shown image's alt text, caption and credit like any
text on the page, and refuses one that lacks them; the snapshot freezes their
records (``images.records``) into the published revision.
"""

from collections.abc import Iterable

from explainers.tokens import IMAGE_TOKEN
from images.models import Image


def placed_image_ids(texts: Iterable[str]) -> list[int]:
    """Ids named by image tokens in ``texts``, in reading order, once each."""
    found: dict[int, None] = {}
    for text in texts:
        for match in IMAGE_TOKEN.finditer(text or ""):
            found.setdefault(int(match.group(1)), None)
    return list(found)


def images_shown(explainer, boxes: Iterable) -> list[Image]:
    """The lead image (read with the explainer) and the placed images.

    One query when the text places images, none otherwise. Ids that name no
    image are left out (the gate reports them).
    """
    placed = placed_image_ids([explainer.body, *(box.body for box in boxes)])
    lead = explainer.lead_image if explainer.lead_image_id else None
    wanted = [pk for pk in placed if lead is None or pk != lead.pk]
    found = (
        {image.pk: image for image in Image.objects.filter(pk__in=wanted)}
        if wanted
        else {}
    )
    shown = [lead] if lead is not None else []
    return shown + [found[pk] for pk in wanted if pk in found]
