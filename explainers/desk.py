"""The desk: what each person has to do next, read in a fixed number of queries.

The admin's home page shows it (``templates/admin/index.html``). Every section
is one query for the first rows and one for the count, whatever the size of
the archive: lists filter on indexed columns (state, the lapsed figures'
partial index, the live listing's date) and never read history per row.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone

from explainers.models import Explainer, LiveListing, Statistic, TransitionLog
from newsroom.actors import Actor

# Rows shown per section; the count and a link lead to the rest.
SHOWN = 8
RECENT = timedelta(days=7)
State = Explainer.State


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list[Any]
    empty: str
    more_url: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _changelist(**filters: object) -> str:
    url = reverse("admin:explainers_explainer_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def mine(user: Actor) -> Q:
    """Explainers ``user`` created or is an author of (a subquery, no join
    that would repeat rows)."""
    authored = Explainer.authors.through.objects.filter(user_id=user.pk).values(
        "explainer_id"
    )
    return Q(created_by_id=user.pk) | Q(pk__in=authored)


def written_by(user: Actor) -> Q:
    """Explainers whose current version ``user`` may not approve (four eyes).

    The SQL twin of ``explainers.editors.explainer_writer_ids``: the creator,
    the authors, the last editor, and whoever changed the content since the
    last publication. A change is the first history row of a version (every
    content change bumps it; transitions write rows with the same version).
    The tests check both give the same answer.
    """
    History = Explainer.history.model
    last_publication = (
        TransitionLog.objects.filter(explainer_id=OuterRef("id"), transition="publish")
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    earlier_same_version = History.objects.filter(
        id=OuterRef("id"),
        version=OuterRef("version"),
        history_id__lt=OuterRef("history_id"),
    )
    changed = (
        History.objects.filter(id=OuterRef("pk"), history_user_id=user.pk)
        .annotate(since=Subquery(last_publication))
        .filter(Q(since__isnull=True) | Q(history_date__gt=F("since")))
        .exclude(Exists(earlier_same_version))
    )
    return mine(user) | Q(last_edited_by_id=user.pk) | Q(Exists(changed))


def _section(
    key: str,
    title: str,
    queryset: QuerySet[Any],
    *,
    empty: str,
    more_url: str = "",
    note: str = "",
) -> Section:
    return Section(
        key=key,
        title=title,
        count=queryset.count(),
        rows=list(queryset[:SHOWN]),
        empty=empty,
        more_url=more_url,
        note=note,
    )


def _explainers(*fields: str) -> QuerySet[Explainer]:
    return Explainer.objects.select_related("conflict", "last_edited_by").only(
        *fields,
        "pk",
        "title",
        "state",
        "updated_at",
        "live_revision_id",
        "conflict__name",
        "last_edited_by__username",
        "last_edited_by__first_name",
        "last_edited_by__last_name",
    )


def _latest(transition: str, column: str) -> Subquery:
    return Subquery(
        TransitionLog.objects.filter(explainer_id=OuterRef("pk"), transition=transition)
        .order_by("-created_at", "-id")
        .values(column)[:1]
    )


def my_drafts(user: Actor) -> Section:
    rows = _explainers().filter(mine(user), state=State.DRAFT).order_by("-updated_at")
    return _section(
        "drafts",
        "My drafts",
        rows,
        empty="No drafts of yours.",
        more_url=_changelist(state__exact=State.DRAFT, authors__id__exact=user.pk),
    )


def changes_requested(user: Actor) -> Section:
    """Mine sent back by a reviewer, with the reviewer's latest comment."""
    rows = (
        _explainers()
        .filter(mine(user), state=State.CHANGES_REQUESTED)
        .annotate(
            request_comment=_latest("request_changes", "comment"),
            request_by=_latest("request_changes", "actor__username"),
            request_at=_latest("request_changes", "created_at"),
        )
        .order_by("updated_at")
    )
    return _section(
        "changes",
        "Changes requested on mine",
        rows,
        empty="No reviewer is waiting for changes from you.",
        more_url=_changelist(
            state__exact=State.CHANGES_REQUESTED, authors__id__exact=user.pk
        ),
    )


def waiting_for_review(user: Actor) -> Section:
    """In review, oldest submission first, without the ones ``user`` wrote."""
    rows = (
        _explainers()
        .filter(state=State.IN_REVIEW)
        .exclude(written_by(user))
        .annotate(
            submitted_at=_latest("submit", "created_at"),
            pending_claims=Subquery(
                Statistic.objects.filter(
                    explainer_id=OuterRef("pk"),
                    review_state=Statistic.ReviewState.PENDING,
                )
                .order_by()
                .values("explainer_id")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )
        # Nothing saves an explainer in review but its submission, so its
        # last change is when it was submitted: the (state, updated_at) index
        # reads the oldest first, and the annotations run for shown rows only.
        .order_by("updated_at", "pk")
    )
    return _section(
        "review",
        "Waiting for my review",
        rows,
        empty="Nothing is waiting for your review.",
        more_url=reverse("admin:explainers_review_queue"),
        note="Oldest first; not the ones you wrote or edited (four eyes).",
    )


def approved(user: Actor, *, everyone: bool) -> Section:
    rows = _explainers().filter(state=State.APPROVED)
    if not everyone:
        rows = rows.filter(mine(user))
    return _section(
        "approved",
        "Approved, waiting to publish",
        rows.order_by("updated_at"),
        empty="Nothing approved is waiting to be published.",
        more_url=_changelist(state__exact=State.APPROVED),
    )


def scheduled(user: Actor, *, everyone: bool) -> Section:
    """Explainers with a publication or archiving time set, soonest first."""
    publish, archive = "scheduled_publish_at", "scheduled_archive_at"
    rows = (
        _explainers(publish, archive)
        .filter(
            Q(scheduled_publish_at__isnull=False)
            | Q(scheduled_archive_at__isnull=False)
        )
        # Least() is null on SQLite when either is: compare each with the other.
        .annotate(next_at=Least(Coalesce(publish, archive), Coalesce(archive, publish)))
    )
    if not everyone:
        rows = rows.filter(mine(user))
    return _section(
        "scheduled",
        "Scheduled",
        rows.order_by("next_at", "pk"),
        empty="Nothing is scheduled.",
    )


def recently_published() -> Section:
    since = timezone.now() - RECENT
    rows = LiveListing.objects.filter(published_at__gte=since).only(
        "explainer_id", "title", "slug", "published_at", "revision_number"
    )
    return _section(
        "published",
        "Recently published",
        rows.order_by("-published_at", "-explainer_id"),
        empty="Nothing was published in the last seven days.",
        more_url=_changelist(state__exact=State.PUBLISHED),
        note="The last seven days.",
    )


def lapsed_figures(user: Actor, *, everyone: bool) -> Section:
    rows = (
        Statistic.objects.filter(
            review_state=Statistic.ReviewState.PENDING, lapsed_at__isnull=False
        )
        .exclude(explainer__state=State.ARCHIVED)
        .select_related("explainer")
        .only(
            "pk",
            "key",
            "display_text",
            "lapsed_at",
            "explainer__id",
            "explainer__title",
            "explainer__state",
        )
    )
    if not everyone:
        rows = rows.filter(explainer__in=Explainer.objects.filter(mine(user)))
    return _section(
        "lapsed",
        "Figures whose approval lapsed",
        rows.order_by("lapsed_at", "pk"),
        empty="No approval has lapsed.",
        note="Changed after review; they need a reviewer again.",
    )


def desk_for(user: Actor) -> list[Section]:
    """The sections ``user``'s roles call for, in the order of a working day."""
    writes = user.has_perm("explainers.change_explainer")
    reviews = user.has_perm("explainers.review_explainer")
    publishes = user.has_perm("explainers.publish_explainer")
    reviews_claims = user.has_perm("explainers.review_statistic")
    sections: list[Section] = []
    if reviews:
        sections.append(waiting_for_review(user))
    if writes:
        sections += [changes_requested(user), my_drafts(user)]
    if writes or publishes:
        sections.append(approved(user, everyone=publishes))
    if writes or reviews_claims:
        sections.append(lapsed_figures(user, everyone=reviews_claims))
    if writes or publishes:
        sections.append(scheduled(user, everyone=publishes))
    sections.append(recently_published())
    return sections
