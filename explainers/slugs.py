"""Slugs made from titles, free at the time of asking."""

from django.utils.text import slugify

from explainers.models import Explainer

MAX_BASE = 80


def free_slug(title: str) -> str:
    """A slug for ``title`` that no explainer has: ``title-words``, then
    ``title-words-2`` and so on (one query). The unique index still decides
    a race between two writers."""
    base = slugify(title)
    if len(base) > MAX_BASE:
        base = base[:MAX_BASE].rsplit("-", 1)[0]  # Cut at a word boundary.
    base = base.strip("-") or "explainer"
    taken = set(
        Explainer.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
