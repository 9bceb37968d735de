"""Who is told of which editorial event, and in what words.

Submitted explainers go to the reviewers (the Reviewers and Chief editors
groups); everything a reviewer or a change decides about an explainer goes to
its authors (its ``authors`` and whoever created it). Nobody is told of what
they did themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.text import Truncator

from explainers.models import Explainer
from newsroom.roles import CHIEF_EDITORS, REVIEWERS
from notifications.models import Verb

# Transition name (explainers.workflow) → what the authors are told.
TRANSITION_VERBS = {
    "submit": Verb.SUBMITTED,
    "request_changes": Verb.CHANGES_REQUESTED,
    "approve": Verb.APPROVED,
    "publish": Verb.PUBLISHED,
    "unpublish": Verb.UNPUBLISHED,
}


@dataclass(frozen=True)
class Event:
    """One thing that happened, and everyone to tell of it."""

    key: str
    verb: str
    recipient_ids: frozenset[int]
    text: str
    url: str
    actor_id: int | None = None
    explainer_id: int | None = None
    statistic_id: int | None = None


def reviewer_ids(*, explainer: Explainer, actor_id: int | None) -> frozenset[int]:
    """Active reviewers and chief editors, but not the explainer's own authors
    (four eyes: they cannot review it) nor the one who acted."""
    users = (
        User.objects.filter(is_active=True, groups__name__in=[REVIEWERS, CHIEF_EDITORS])
        .exclude(pk__in=author_ids(explainers=[explainer]).get(explainer.pk, set()))
        .values_list("pk", flat=True)
    )
    return frozenset(pk for pk in users if pk != actor_id)


def author_ids(*, explainers: Iterable[Explainer]) -> dict[int, set[int]]:
    """Active authors (and creators) of each explainer, in two queries."""
    creators = {e.pk: e.created_by_id for e in explainers}
    authors: dict[int, set[int]] = {pk: set() for pk in creators}
    authored = Explainer.authors.through.objects.filter(
        explainer_id__in=list(creators), user__is_active=True
    ).values_list("explainer_id", "user_id")
    for explainer_id, user_id in authored:
        authors[explainer_id].add(user_id)
    active = set(
        User.objects.filter(
            pk__in={pk for pk in creators.values() if pk}, is_active=True
        ).values_list("pk", flat=True)
    )
    for explainer_id, creator_id in creators.items():
        if creator_id in active:
            authors[explainer_id].add(creator_id)
    return authors


def name_of(user: User | None) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def explainer_url(explainer_id: int) -> str:
    return reverse("admin:explainers_explainer_change", args=[explainer_id])


def statistic_url(statistic_id: int) -> str:
    return reverse("admin:explainers_statistic_change", args=[statistic_id])


def short(text: str, chars: int = 300) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def transition_text(verb: Verb, *, actor: str, title: str, comment: str) -> str:
    said = f": “{short(comment)}”" if comment else "."
    return {
        Verb.SUBMITTED: f"{actor} submitted “{title}” for review{said}",
        Verb.CHANGES_REQUESTED: f"{actor} requested changes to “{title}”{said}",
        Verb.APPROVED: f"{actor} approved “{title}”; it can now be published.",
        Verb.PUBLISHED: f"{actor} published “{title}”.",
        Verb.UNPUBLISHED: f"{actor} unpublished and archived “{title}”{said}",
    }[verb]
