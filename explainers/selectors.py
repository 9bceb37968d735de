"""Reads for the public site.

Everything here reads the live published revision, never the explainer's
draft fields: an explainer being redrafted keeps showing what was published.
Lists return plain dicts holding only published values, so a template cannot
reach a draft field by accident.
"""

import base64
import binascii
import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.db import connections, router
from django.db.models import (
    Case,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from explainers.findings import Finding, explainer_fields, find_all
from explainers.models import (
    BackgroundBox,
    Conflict,
    Explainer,
    LiveListing,
    PublishedRevision,
    Statistic,
)
from explainers.pictures import images_shown
from images.models import Image
from sources.models import Citation

LIST_LIMIT = 50


def published(*keys: str) -> KeyTextTransform:
    """Returns the text at ``keys`` inside the live revision's ``explainer`` tree.

    ``KT()`` cannot be used here: it takes only its first ``__`` part as the
    field, and this path crosses a relation before it enters the JSON.
    """
    expression = KeyTransform("explainer", "live_revision__content")
    for key in keys[:-1]:
        expression = KeyTransform(key, expression)
    return KeyTextTransform(keys[-1], expression)


def summaries(queryset: QuerySet[LiveListing], *extra: str):
    """Returns the published title, standfirst, slug, conflict and dates as dicts.

    The keys are prefixed ``published_`` where the explainer has a draft field
    of the same name, so that nobody mistakes one for the other.
    """
    return queryset.values(
        *extra,
        "first_published_at",
        "conflict_name",
        "conflict_slug",
        "published_at",
        "revision_number",
        "explainer_id",
        published_title=F("title"),
        published_standfirst=F("standfirst"),
        published_slug=F("slug"),
    )


def latest_listings(*, conflict_slug: str | None = None) -> QuerySet[LiveListing]:
    """Live explainers, newest publication first, on the listing's indexes."""
    queryset = LiveListing.objects.all()
    if conflict_slug:
        queryset = queryset.filter(conflict_slug=conflict_slug)
    return queryset.order_by("-published_at", "-explainer_id")


# --- Keyset (cursor) pagination ----------------------------------------------
#
# A page starts after the last row of the previous one, named by its
# (published_at, explainer id): the query is an index range scan however deep
# the page, where OFFSET would read and skip every row before it.


def encode_cursor(summary: dict) -> str:
    """An opaque, URL-safe cursor for the position after ``summary``."""
    position = f"{summary['published_at'].isoformat()}|{summary['explainer_id']}"
    return base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int] | None:
    """The position a cursor names, or None for one that is not ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        published_at, explainer_id = (
            base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        )
        when = _aware(parse_datetime(published_at))
        if when is None:
            return None
        return when, int(explainer_id)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None


def after_cursor(queryset: QuerySet, cursor: str | None, *, field="published_at"):
    """Rows of ``queryset`` (newest ``field`` first) after ``cursor``; refuses
    a bad one."""
    if not cursor:
        return queryset
    position = decode_cursor(cursor)
    if position is None:
        raise ValueError("This page link is not valid; start from the first page.")
    when, explainer_id = position
    return queryset.filter(
        Q(**{f"{field}__lt": when})
        | Q(**{field: when, "explainer_id__lt": explainer_id})
    )


@dataclass(frozen=True)
class ListPage:
    items: list[dict]
    next_cursor: str | None


def live_explainer_page(
    *,
    conflict_slug: str | None = None,
    cursor: str | None = None,
    limit: int = LIST_LIMIT,
    extra: tuple[str, ...] = (),
) -> ListPage:
    """One page of live explainers, newest first (one indexed query), with
    the ``extra`` listing columns."""
    queryset = after_cursor(latest_listings(conflict_slug=conflict_slug), cursor)
    rows = list(summaries(queryset, *extra)[: limit + 1])
    more = len(rows) > limit
    items = rows[:limit]
    return ListPage(items, encode_cursor(items[-1]) if more and items else None)


def live_explainer_summaries(*, conflict_slug: str | None = None, limit=LIST_LIMIT):
    """Returns the latest live explainers, newest publication first (one query)."""
    return list(summaries(latest_listings(conflict_slug=conflict_slug))[:limit])


def first_published(summary: dict) -> datetime.datetime:
    """Returns when an explainer was first published.

    The first revision is written a moment before the explainer records its
    first publication; the earlier of the two is the publication time.
    """
    first, live = summary["first_published_at"], summary["published_at"]
    return min(first, live) if first else live


def live_conflicts() -> list[dict]:
    """Returns the conflicts of live explainers as published, by name (one query).

    The conflicts table is small: for each, one probe of the listing's
    (conflict, date) index finds the name its newest live explainer was
    published under, where a DISTINCT over the listing would read all of it.
    """
    newest = LiveListing.objects.filter(conflict_slug=OuterRef("slug")).order_by(
        "-published_at"
    )
    rows = (
        Conflict.objects.annotate(
            published_name=Subquery(newest.values("conflict_name")[:1])
        )
        .filter(published_name__isnull=False)
        .order_by()
        .values_list("published_name", "slug")
    )
    return [
        {"name": name, "slug": slug}
        for name, slug in sorted(rows, key=lambda row: row[0].casefold())
    ]


@dataclass(frozen=True)
class PageRow:
    """What one indexed query tells about an explainer's public page."""

    explainer_id: int
    live: bool
    withdrawn: bool
    revision_id: int | None
    revision_number: int | None
    revision_published_at: datetime.datetime | None
    first_published_at: datetime.datetime | None
    # When the newest live explainer about the same conflict was published:
    # the page's related explainers change with it, so its ETag does too.
    related_stamp: datetime.datetime | None = None
    # Notices about sources retracted since publication, from the listing
    # (``explainers.notices``), and a short digest of them for ETags and the
    # page cache: empty when there are none.
    source_notices: dict = field(default_factory=dict)
    notices_tag: str = ""


_SLUG = "\x00slug\x00"  # stands for the slug in the compiled status query
_PAGE_ROW_COLUMNS = (
    "id",
    "state",
    "first_published_at",
    "published_slug",
    "live_revision_id",
    "live_revision__number",
    "live_revision__published_at",
    "related_stamp",
    "listing__source_notices",
)


@cache
def _page_row_sql(alias: str, vendor: str) -> tuple[str, tuple]:
    """Returns the status query's SQL, compiled once per process and database.

    Compiling this ORM query costs more than running it (about 0.7 ms against
    0.02 ms on SQLite), and it runs on every page view; only the slug varies.
    """
    queryset = (
        Explainer.objects.using(alias)
        .filter(slug=_SLUG)
        .annotate(
            published_slug=published("slug"),
            # One probe of the listing's (conflict, date) index.
            related_stamp=Subquery(
                LiveListing.objects.filter(
                    conflict_slug=OuterRef("listing__conflict_slug")
                )
                .exclude(conflict_slug="")
                .order_by("-published_at")
                .values("published_at")[:1]
            ),
        )
        .order_by()
        .values_list(*_PAGE_ROW_COLUMNS)[:1]
    )
    sql, params = queryset.query.get_compiler(alias).as_sql()
    if params.count(_SLUG) != 1:  # pragma: no cover - a Django change
        raise RuntimeError("The status query must take the slug exactly once.")
    return sql, params


def _aware(value) -> datetime.datetime | None:
    # SQLite hands back text; PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def explainer_page_row(slug: str) -> PageRow | None:
    """Returns the public status of the explainer at ``slug`` (one query).

    The draft slug of a published explainer being redrafted is not public:
    only the slug of the live revision serves its page.
    """
    # The replica for public reads when there is one (newsroom/db_router.py).
    connection = connections[router.db_for_read(Explainer)]
    sql, params = _page_row_sql(connection.alias, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug if p == _SLUG else p for p in params])
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(_PAGE_ROW_COLUMNS, found, strict=True))
    live = (
        row["live_revision_id"] is not None
        and row["state"] != Explainer.State.ARCHIVED
        and row["published_slug"] == slug
    )
    return PageRow(
        explainer_id=row["id"],
        live=live,
        withdrawn=not live
        and row["live_revision_id"] is None
        and row["first_published_at"] is not None,
        revision_id=row["live_revision_id"] if live else None,
        revision_number=row["live_revision__number"] if live else None,
        revision_published_at=(
            _aware(row["live_revision__published_at"]) if live else None
        ),
        first_published_at=_aware(row["first_published_at"]),
        related_stamp=_aware(row["related_stamp"]) if live else None,
        **(_notices(row["listing__source_notices"]) if live else {}),
    )


def _notices(stored) -> dict:
    """The listing's notices (JSON text through a raw cursor) and their tag."""
    if isinstance(stored, str):
        stored = json.loads(stored)
    if not stored:
        return {}
    encoded = json.dumps(stored, sort_keys=True).encode()
    return {
        "source_notices": stored,
        "notices_tag": hashlib.sha256(encoded).hexdigest()[:12],
    }


@dataclass(frozen=True)
class PageParts:
    """The live revision's content and HTML, and the public log of revisions."""

    content: dict
    html: dict
    updates: list[dict]
    # Other live explainers about the same conflict, newest first.
    related: list[dict] = field(default_factory=list)


RELATED_LIMIT = 4


def _related_slot(explainer_id: int, index: int) -> Subquery:
    """The ``index``-th newest other live explainer about the same conflict,
    as a JSON object: one probe of the listing's (conflict, date) index."""
    conflict = LiveListing.objects.filter(pk=explainer_id).values("conflict_slug")
    return Subquery(
        LiveListing.objects.filter(conflict_slug=Subquery(conflict[:1]))
        .exclude(conflict_slug="")
        .exclude(pk=explainer_id)
        .order_by("-published_at", "-explainer_id")
        .values(
            item=JSONObject(
                slug="slug",
                title="title",
                standfirst="standfirst",
                published_at="published_at",
            )
        )[index : index + 1],
        output_field=JSONField(),
    )


def _related(rows: list[dict]) -> list[dict]:
    live = next(r for r in rows if r["page_content"] is not None)
    related = []
    for index in range(RELATED_LIMIT):
        item = live[f"related_{index}"]
        if isinstance(item, str):  # SQLite without JSON decoding
            item = json.loads(item)
        if item:
            related.append({**item, "published_at": _aware(item["published_at"])})
    return related


def explainer_page_parts(row: PageRow, *, related: bool = False) -> PageParts:
    """Returns what the page shows beyond ``row``, in one query.

    The revisions up to the live one are read with their correction notes;
    only the live one's content and HTML are fetched (the others' are NULL).
    With ``related``, the same query reads the newest other live explainers
    about the same conflict from the listing (a few index probes).
    """
    live = Q(pk=row.revision_id)
    slots = {
        f"related_{index}": Case(
            When(live, then=_related_slot(row.explainer_id, index)),
            output_field=JSONField(),
        )
        for index in range(RELATED_LIMIT if related else 0)
    }
    rows = list(
        PublishedRevision.objects.filter(
            explainer_id=row.explainer_id, number__lte=row.revision_number
        )
        .order_by("number", "corrections__created_at", "corrections__id")
        .values(
            "number",
            "published_at",
            correction=F("corrections__text"),
            page_content=Case(When(live, then=F("content")), output_field=JSONField()),
            page_html=Case(When(live, then=F("html")), output_field=JSONField()),
            **slots,
        )
    )
    current = next(r for r in rows if r["page_content"] is not None)
    updates: dict[int, dict] = {}
    for r in rows:
        entry = updates.setdefault(
            r["number"],
            {"number": r["number"], "published_at": r["published_at"], "notes": []},
        )
        if r["correction"]:
            entry["notes"].append(r["correction"])
    return PageParts(
        content=current["page_content"],
        html=current["page_html"],
        updates=list(updates.values()),
        related=_related(rows) if related else [],
    )


# --- An explainer's content, for the gate, the snapshot and the desk -------------


@dataclass
class GateContext:
    """The explainer and its content, loaded once for every check."""

    explainer: Explainer
    boxes: list[BackgroundBox]
    statistics: list[Statistic]
    waivers: list
    # The lead image and the images placed in the text (explainers.pictures).
    images: list[Image] = field(default_factory=list)

    @cached_property
    def statistics_by_key(self) -> dict[str, Statistic]:
        return {s.key: s for s in self.statistics}

    @cached_property
    def findings(self) -> list[Finding]:
        return find_all(self.explainer, self.boxes, self.images)

    @cached_property
    def waived(self) -> set[str]:
        return {w.fingerprint for w in self.waivers}

    def unwaived_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.fingerprint not in self.waived]

    def texts(self) -> Iterator[tuple[dict, str]]:
        """Yields (location, text) for every field readers see."""
        for reader_field in explainer_fields(self.explainer, self.boxes, self.images):
            yield reader_field.location, reader_field.text


def load_context(explainer_or_pk) -> GateContext:
    """Loads what the checks need in six queries, whatever the size (seven
    when the text places images)."""
    pk = getattr(explainer_or_pk, "pk", explainer_or_pk)
    explainer = (
        Explainer.objects.filter(pk=pk)
        .select_related("conflict", "live_revision", "lead_image")
        .prefetch_related(
            "authors",
            "boxes",
            "waivers",
            Prefetch(
                "statistics",
                queryset=Statistic.objects.order_by("id")
                .select_related("reviewed_by")
                .prefetch_related(
                    Prefetch(
                        "citations",
                        queryset=Citation.objects.select_related("source").order_by(
                            "id"
                        ),
                    )
                ),
            ),
        )
        .get()
    )
    boxes = list(explainer.boxes.all())
    return GateContext(
        explainer=explainer,
        boxes=boxes,
        statistics=list(explainer.statistics.all()),
        waivers=list(explainer.waivers.all()),
        images=images_shown(explainer, boxes),
    )
