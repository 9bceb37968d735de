"""Reads for the explainers API, owning their queries.

Public reads start from ``PublishedRevision`` rows that are live
(``Explainer.objects.live()``) and take every field from the frozen
``content`` and ``html``: a draft edit, a statistic or box added after
publication, or a renamed slug never reaches a public answer until it is
published.
"""

from collections.abc import Callable

from django.db.models import F, Prefetch, QuerySet
from django.urls import reverse

from explainers import search
from explainers import selectors as site
from explainers.models import (
    BackgroundBox,
    Explainer,
    LiveListing,
    Statistic,
    Withdrawal,
)
from explainers.notices import figure_notices
from explainers.reader_text import html_plain_text
from explainers.syndication import absolute_links
from sources.models import Citation


def public_list(
    *, conflict: str | None = None, updated_since=None, q: str | None = None
) -> QuerySet[LiveListing]:
    """Live explainers, newest publication first, from the indexed listing.

    Rows hold only what a list item shows; the caller pages them by cursor.
    """
    listings = site.latest_listings(conflict_slug=conflict)
    if updated_since is not None:
        listings = listings.filter(published_at__gte=updated_since)
    if q:
        listings = search.matching(listings, q)
    return listings


def withdrawals_since(
    updated_since, *, conflict: str | None = None, cursor: str | None = None
) -> QuerySet:
    """Explainers withdrawn since ``updated_since``, newest first, as rows
    shaped like ``explainers.selectors.summaries`` (indexed range scan)."""
    withdrawals = Withdrawal.objects.filter(withdrawn_at__gte=updated_since)
    if conflict:
        withdrawals = withdrawals.filter(conflict_slug=conflict)
    withdrawals = site.after_cursor(withdrawals, cursor, field="withdrawn_at")
    return withdrawals.order_by("-withdrawn_at", "-explainer_id").values(
        "authors",
        "first_published_at",
        "conflict_name",
        "conflict_slug",
        "published_at",
        "revision_number",
        "explainer_id",
        "withdrawn_at",
        published_title=F("title"),
        published_standfirst=F("standfirst"),
        published_slug=F("slug"),
    )


def public_page(
    *,
    size: int,
    conflict: str | None = None,
    updated_since=None,
    q: str | None = None,
    cursor: str | None = None,
) -> tuple[list[dict], str | None]:
    """One page of the public list and the cursor of the next, if any.

    With ``updated_since`` (a partner's incremental sync) the page also holds
    the explainers withdrawn since then, so the partner can take them down:
    two indexed queries of at most ``size + 1`` rows each, merged newest
    first. Raises ValueError for a cursor that is not ours.
    """
    listings = site.after_cursor(
        public_list(conflict=conflict, updated_since=updated_since, q=q), cursor
    )
    rows = [
        {**row, "withdrawn_at": None}
        for row in site.summaries(listings, "authors")[: size + 1]
    ]
    if updated_since is not None and not q:
        rows += withdrawals_since(updated_since, conflict=conflict, cursor=cursor)[
            : size + 1
        ]
        rows.sort(key=_position, reverse=True)
    page = rows[:size]
    if len(rows) <= size:
        return page, None
    updated_at, explainer_id = _position(page[-1])
    return page, site.encode_cursor(
        {"published_at": updated_at, "explainer_id": explainer_id}
    )


def _position(row: dict) -> tuple:
    return (row["withdrawn_at"] or row["published_at"], row["explainer_id"])


def public_summary(row: dict, *, absolute: Callable[[str], str]) -> dict:
    """A list item; ``absolute`` makes a path absolute for the request's host
    (``request.build_absolute_uri``)."""
    slug = row["published_slug"]
    conflict = (
        {"name": row["conflict_name"], "slug": row["conflict_slug"]}
        if row["conflict_slug"]
        else None
    )
    withdrawn_at = row.get("withdrawn_at")
    return {
        "id": row["explainer_id"],
        "slug": slug,
        "title": row["published_title"],
        "standfirst": row["published_standfirst"] or "",
        "conflict": conflict,
        "authors": row["authors"] or [],
        "revision": row["revision_number"],
        "state": "archived" if withdrawn_at else "published",
        "archived": bool(withdrawn_at),
        "first_published_at": site.first_published(row),
        "published_at": row["published_at"],
        "updated_at": withdrawn_at or row["published_at"],
        "url": absolute(reverse("explainers:detail", args=[slug])),
        "api_url": absolute(reverse("public-explainer-detail", args=[slug])),
    }


def public_detail(row: site.PageRow, *, absolute: Callable[[str], str]) -> dict:
    """The public answer for the live revision ``row`` names (one query).

    ``row`` comes from ``explainers.selectors.explainer_page_row``, the same
    lookup the public page uses, so the API and the site agree on what is
    live, withdrawn (410) or unknown (404) at a slug. Links in the HTML are
    absolute: partners show it on their own pages.
    """
    parts = site.explainer_page_parts(row)
    content, html = parts.content, parts.html
    explainer = content["explainer"]
    # Sources retracted since publication, from the listing (no query).
    notices = figure_notices(content.get("statistics", []), row.source_notices)
    sources = {
        source["id"]: {
            **source,
            "notice": (
                {"source_id": source["id"], **row.source_notices[str(source["id"])]}
                if str(source["id"]) in row.source_notices
                else None
            ),
        }
        for source in content.get("sources", [])
    }
    summary = public_summary(
        {
            "explainer_id": row.explainer_id,
            "published_slug": explainer["slug"],
            "published_title": explainer["title"],
            "published_standfirst": explainer.get("standfirst"),
            "conflict_name": (explainer.get("conflict") or {}).get("name"),
            "conflict_slug": (explainer.get("conflict") or {}).get("slug"),
            "authors": explainer.get("authors"),
            "revision_number": row.revision_number,
            "first_published_at": row.first_published_at,
            "published_at": row.revision_published_at,
        },
        absolute=absolute,
    )
    origin = absolute("/").rstrip("/")

    def linked(fragment: str) -> str:
        return absolute_links(fragment, origin=origin, page_url=summary["url"])

    box_html = {box["id"]: box["html"] for box in html.get("boxes", [])}
    return {
        **summary,
        "body": html_plain_text(html.get("body", "")),
        "html": linked(html.get("body", "")),
        "reviewed_by": content.get("reviewed_by"),
        "boxes": [
            {
                **box,
                "body": html_plain_text(box_html.get(box["id"], "")),
                "html": linked(box_html.get(box["id"], "")),
            }
            for box in content.get("boxes", [])
        ],
        "statistics": [
            {
                **statistic,
                "citations": [
                    {
                        "locator": citation["locator"],
                        "quote": citation["quote"],
                        "source": {"number": None, **sources[citation["source_id"]]},
                    }
                    for citation in statistic.get("citations", [])
                ],
                "notices": notices.get(statistic["key"], []),
            }
            for statistic in content.get("statistics", [])
        ],
        "sources": [{"number": None, **source} for source in sources.values()],
        "lead_image": public_image(explainer.get("lead_image"), absolute),
        "key_figures": public_key_figures(content.get("statistics", [])),
        "corrections": [
            {
                "text": note,
                "revision": update["number"],
                "published_at": update["published_at"],
            }
            for update in parts.updates
            for note in update["notes"]
        ],
    }


def public_image(record: dict | None, absolute: Callable[[str], str]) -> dict | None:
    """An image as a revision froze it, with absolute addresses."""
    if not record:
        return None
    return {
        "url": absolute(record["src"]),
        "width": record["width"],
        "height": record["height"],
        "alt": record["alt"],
        "caption": record["caption"],
        "credit": record["credit"],
        "licence": record["licence"],
        "credit_url": record["credit_url"],
        "renditions": [
            {**rendition, "url": absolute(rendition["src"])}
            for rendition in record.get("renditions", [])
        ],
    }


def public_key_figures(statistics: list[dict]) -> list[dict]:
    """The statistics chosen for the Key figures panel, in the panel's order."""
    chosen = [s for s in statistics if s.get("key_figure") is not None]
    return [
        {
            "key": s["key"],
            "display_text": s["display_text"],
            "claim": s["claim"],
            "as_of": s.get("as_of"),
            "source_ids": sorted({c["source_id"] for c in s["citations"]}),
        }
        for s in sorted(chosen, key=lambda s: (s["key_figure"], s["key"]))
    ]


# --- newsroom ---------------------------------------------------------------------


def newsroom_explainers() -> QuerySet[Explainer]:
    return (
        Explainer.objects.select_related("conflict", "created_by", "last_edited_by")
        .prefetch_related("authors")
        .annotate(live_revision_number=F("live_revision__number"))
    )


def statistics_with_citations() -> QuerySet[Statistic]:
    return Statistic.objects.select_related(
        "created_by", "last_edited_by", "reviewed_by"
    ).prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("source").order_by("id"),
        )
    )


def newsroom_explainer_detail() -> QuerySet[Explainer]:
    return newsroom_explainers().prefetch_related(
        Prefetch("boxes", queryset=BackgroundBox.objects.order_by("position", "id")),
        Prefetch("statistics", queryset=statistics_with_citations().order_by("id")),
    )


HISTORY_IGNORED = {"history_id", "history_date", "history_change_reason"}
HISTORY_IGNORED |= {"history_type", "history_user", "history_user_id", "updated_at"}


def explainer_history(explainer: Explainer) -> list[dict]:
    """Saved versions of ``explainer``, newest first, each with what it changed.

    Changed fields compare each record with the one before it, in Python, so
    the history costs one query whatever its length (authors are recorded
    separately by django-simple-history and not compared here).
    """
    records = list(
        explainer.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    fields = [
        f.attname
        for f in explainer.history.model._meta.concrete_fields
        if f.attname not in HISTORY_IGNORED and f.name not in HISTORY_IGNORED
    ]
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    result = []
    previous = None
    for record in records:
        changed: list[str] = []
        if previous is not None:
            changed = [
                name
                for name in fields
                if getattr(record, name) != getattr(previous, name)
            ]
        result.append(
            {
                "id": record.history_id,
                "date": record.history_date,
                "user": record.history_user.username if record.history_user else None,
                "type": kinds.get(record.history_type, "changed"),
                "reason": record.history_change_reason,
                "changed_fields": [name.removesuffix("_id") for name in changed],
                "state": record.state,
                "version": record.version,
            }
        )
        previous = record
    result.reverse()
    return result
