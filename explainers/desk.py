"""The desk: what each person has to do next, read in a fixed number of queries.

The admin's home page shows it (``templates/admin/index.html``). Nothing is
read per row, and nothing scans the archive for one person's work: their own
explainers are found once from the indexes on authors and creators (the ids,
then their states), counted and sorted here, and the rows shown of all their
sections loaded in one query. The sections for everyone (waiting for review,
approved, scheduled, lapsed figures, recently published) are a query for the
first rows and one for the count, each on an index: state and last change,
the scheduling times, the lapsed figures' partial index, the live listing's
publication date.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
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


@dataclass(frozen=True)
class Own:
    """One of a person's explainers, as much as the desk needs to sort it."""

    pk: int
    state: str
    updated_at: datetime
    next_scheduled_at: datetime | None


def _changelist(**filters: object) -> str:
    url = reverse("admin:explainers_explainer_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def mine(user: Actor) -> Q:
    """Explainers ``user`` created or is an author of."""
    authored = Explainer.authors.through.objects.filter(user_id=user.pk).values(
        "explainer_id"
    )
    return Q(created_by_id=user.pk) | Q(pk__in=authored)


def my_explainers(user: Actor) -> list[Own]:
    """Every explainer ``user`` created or authors, but archived ones.

    Two queries, each on an index: the ids (authors by user, explainers by
    creator), then the rows by primary key. "Created or authored" in one
    WHERE would make the database read every explainer of a state to find
    one person's few.
    """
    authored = Explainer.authors.through.objects.filter(user_id=user.pk).values_list(
        "explainer_id", flat=True
    )
    created = (
        Explainer.objects.filter(created_by_id=user.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
    ids = list(authored.union(created))
    rows = (
        Explainer.objects.filter(pk__in=ids)
        .exclude(state=State.ARCHIVED)
        .order_by()
        .values_list(
            "pk", "state", "updated_at", "scheduled_publish_at", "scheduled_archive_at"
        )
    )
    return [
        Own(
            pk,
            state,
            updated_at,
            min((t for t in (publish, archive) if t), default=None),
        )
        for pk, state, updated_at, publish, archive in rows
    ]


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


def _explainers() -> QuerySet[Explainer]:
    return Explainer.objects.select_related("conflict", "last_edited_by").only(
        "pk",
        "title",
        "state",
        "updated_at",
        "live_revision_id",
        "scheduled_publish_at",
        "scheduled_archive_at",
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


def _section(key: str, title: str, queryset: QuerySet[Any], **text: str) -> Section:
    """A section for everyone: the first rows and the count, two queries."""
    return Section(key, title, queryset.count(), list(queryset[:SHOWN]), **text)


@dataclass
class _OwnSection:
    """A section of one's own explainers, sorted here, its rows loaded later."""

    section: Section
    ids: list[int]


def _own(
    key: str,
    title: str,
    own: Iterable[Own],
    *,
    sort: Callable[[Own], Any],
    newest_first: bool = False,
    **text: str,
) -> _OwnSection:
    chosen = sorted(own, key=sort, reverse=newest_first)
    return _OwnSection(
        Section(key, title, len(chosen), [], **text), [o.pk for o in chosen[:SHOWN]]
    )


def _load_rows(sections: list[_OwnSection]) -> None:
    """Fills the rows of one's own sections with one query."""
    ids = {pk for s in sections for pk in s.ids}
    if not ids:
        return
    rows = (
        _explainers()
        .filter(pk__in=ids)
        .annotate(
            request_comment=_latest("request_changes", "comment"),
            request_by=_latest("request_changes", "actor__username"),
            request_at=_latest("request_changes", "created_at"),
        )
    )
    by_pk = {row.pk: row for row in rows}
    for own in sections:
        own.section.rows = [by_pk[pk] for pk in own.ids if pk in by_pk]


def by_change(own: Own) -> tuple[datetime, int]:
    return (own.updated_at, own.pk)


def by_schedule(own: Own) -> tuple[datetime, int]:
    assert own.next_scheduled_at is not None
    return (own.next_scheduled_at, own.pk)


def own_sections(
    user: Actor, own: list[Own], *, approved: bool, scheduled: bool
) -> list[Section]:
    """Changes requested on mine, my drafts, and (for those who do not see
    everyone's) my approved and scheduled explainers."""

    def in_state(state: str) -> list[Own]:
        return [o for o in own if o.state == state]

    sections = [
        _own(
            "changes",
            "Changes requested on mine",
            in_state(State.CHANGES_REQUESTED),
            sort=by_change,
            empty="No reviewer is waiting for changes from you.",
            more_url=_changelist(
                state__exact=State.CHANGES_REQUESTED, authors__id__exact=user.pk
            ),
        ),
        _own(
            "drafts",
            "My drafts",
            in_state(State.DRAFT),
            sort=by_change,
            newest_first=True,
            empty="No drafts of yours.",
            more_url=_changelist(state__exact=State.DRAFT, authors__id__exact=user.pk),
        ),
    ]
    if approved:
        sections.append(
            _own(
                "approved",
                "Approved, waiting to publish",
                in_state(State.APPROVED),
                sort=by_change,
                empty="Nothing of yours is approved and waiting.",
                more_url=_changelist(
                    state__exact=State.APPROVED, authors__id__exact=user.pk
                ),
            )
        )
    if scheduled:
        sections.append(
            _own(
                "scheduled",
                "Scheduled",
                [o for o in own if o.next_scheduled_at],
                sort=by_schedule,
                empty="Nothing of yours is scheduled.",
            )
        )
    _load_rows(sections)
    return [s.section for s in sections]


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


def approved() -> Section:
    return _section(
        "approved",
        "Approved, waiting to publish",
        _explainers().filter(state=State.APPROVED).order_by("updated_at", "pk"),
        empty="Nothing approved is waiting to be published.",
        more_url=_changelist(state__exact=State.APPROVED),
    )


def scheduled() -> Section:
    """Explainers with a publication or archiving time set, soonest first."""
    publish, archive = "scheduled_publish_at", "scheduled_archive_at"
    rows = (
        _explainers()
        .filter(
            Q(scheduled_publish_at__isnull=False)
            | Q(scheduled_archive_at__isnull=False)
        )
        # Least() is null on SQLite when either is: compare each with the other.
        .annotate(next_at=Least(Coalesce(publish, archive), Coalesce(archive, publish)))
    )
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


LAPSED_FIELDS = [
    "pk",
    "key",
    "display_text",
    "lapsed_at",
    "explainer__id",
    "explainer__title",
    "explainer__state",
]


def lapsed_figures(own: list[Own] | None) -> Section:
    """Pending figures whose approval lapsed, read from their partial index:
    everyone's (``own`` None) or in one person's explainers."""
    rows = (
        Statistic.objects.filter(
            review_state=Statistic.ReviewState.PENDING, lapsed_at__isnull=False
        )
        .exclude(explainer__state=State.ARCHIVED)
        .select_related("explainer")
        .only(*LAPSED_FIELDS)
    )
    if own is not None:
        # Their ids, read already (and none archived): the few lapsed figures
        # drive the query, never every explainer of the person.
        rows = (
            Statistic.objects.filter(
                review_state=Statistic.ReviewState.PENDING,
                lapsed_at__isnull=False,
                explainer_id__in=[o.pk for o in own],
            )
            .select_related("explainer")
            .only(*LAPSED_FIELDS)
        )
    return _section(
        "lapsed",
        "Figures whose approval lapsed",
        rows.order_by("lapsed_at", "pk"),
        empty="No approval has lapsed.",
        note="Changed after review; they need a reviewer again.",
    )


def desk_for(user: Actor) -> list[Section]:
    """The sections ``user``'s roles call for, in the order of a working day.

    Publishers see every approved and scheduled explainer, reviewers every
    lapsed figure; editors see their own.
    """
    writes = user.has_perm("explainers.change_explainer")
    reviews = user.has_perm("explainers.review_explainer")
    publishes = user.has_perm("explainers.publish_explainer")
    reviews_claims = user.has_perm("explainers.review_statistic")
    sections: list[Section] = []
    if reviews:
        sections.append(waiting_for_review(user))
    own = my_explainers(user) if writes else []
    if writes:
        sections += own_sections(
            user, own, approved=not publishes, scheduled=not publishes
        )
    if publishes:
        sections.append(approved())
    if writes or reviews_claims:
        sections.append(lapsed_figures(None if reviews_claims else own))
    if publishes:
        sections.append(scheduled())
    sections.append(recently_published())
    return _in_order(sections)


ORDER = ["review", "changes", "drafts", "approved", "lapsed", "scheduled", "published"]


def _in_order(sections: list[Section]) -> list[Section]:
    return sorted(sections, key=lambda s: ORDER.index(s.key))
