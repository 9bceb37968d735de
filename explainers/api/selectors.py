"""Reads for the explainers API, owning their queries.

Public reads start from ``PublishedRevision`` rows that are live
(``Explainer.objects.live()``) and take every field from the frozen
``content`` and ``html``: a draft edit, a statistic or box added after
publication, or a renamed slug never reaches a public answer until it is
published.
"""

from django.db.models import F, Prefetch, QuerySet

from explainers import search
from explainers import selectors as site
from explainers.models import BackgroundBox, Explainer, Statistic
from explainers.reader_text import html_plain_text
from sources.models import Citation


def public_list(
    *, conflict: str | None = None, updated_since=None, q: str | None = None
) -> QuerySet:
    """Live explainers, newest publication first, from the indexed listing.

    Rows hold only what a list item shows; the caller pages them by cursor.
    """
    listings = site.latest_listings(conflict_slug=conflict)
    if updated_since is not None:
        listings = listings.filter(published_at__gte=updated_since)
    if q:
        listings = search.matching(listings, q)
    return listings


def public_summary(row: dict) -> dict:
    slug = row["published_slug"]
    conflict = (
        {"name": row["conflict_name"], "slug": row["conflict_slug"]}
        if row["conflict_slug"]
        else None
    )
    return {
        "slug": slug,
        "title": row["published_title"],
        "standfirst": row["published_standfirst"] or "",
        "conflict": conflict,
        "authors": row["authors"] or [],
        "revision": row["revision_number"],
        "published_at": row["published_at"],
        "url": f"/explainers/{slug}/",
        "api_url": f"/api/v1/explainers/{slug}/",
    }


def public_detail(row: site.PageRow) -> dict:
    """The public answer for the live revision ``row`` names (one query).

    ``row`` comes from ``explainers.selectors.explainer_page_row``, the same
    lookup the public page uses, so the API and the site agree on what is
    live, withdrawn (410) or unknown (404) at a slug.
    """
    parts = site.explainer_page_parts(row)
    content, html = parts.content, parts.html
    explainer = content["explainer"]
    sources = {source["id"]: source for source in content.get("sources", [])}
    box_html = {box["id"]: box["html"] for box in html.get("boxes", [])}
    return {
        **public_summary(
            {
                "published_slug": explainer["slug"],
                "published_title": explainer["title"],
                "published_standfirst": explainer.get("standfirst"),
                "conflict_name": (explainer.get("conflict") or {}).get("name"),
                "conflict_slug": (explainer.get("conflict") or {}).get("slug"),
                "authors": explainer.get("authors"),
                "revision_number": row.revision_number,
                "published_at": row.revision_published_at,
            }
        ),
        "body": html_plain_text(html.get("body", "")),
        "html": html.get("body", ""),
        "reviewed_by": content.get("reviewed_by"),
        "boxes": [
            {
                **box,
                "body": html_plain_text(box_html.get(box["id"], "")),
                "html": box_html.get(box["id"], ""),
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
            }
            for statistic in content.get("statistics", [])
        ],
        "sources": [{"number": None, **source} for source in sources.values()],
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
