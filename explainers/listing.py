"""The live listing: what lists show of each live explainer, kept at publish.

``listing_publish`` runs inside the publish transition (one row per live
explainer, replaced by each publication) and ``listing_remove`` inside
unpublish (which leaves a ``Withdrawal`` for partners' incremental sync), so
lists never disagree with the pages they link to. Every field
comes from the revision's frozen content and HTML.
"""

from functools import cache

from django.contrib.postgres.search import SearchVector
from django.db import connection, connections
from django.db.models import Value
from django.db.models.expressions import CombinedExpression
from django.utils import timezone

from explainers.models import LiveListing, PublishedRevision, Withdrawal
from explainers.reader_text import html_plain_text

SEARCH_CONFIG = "english"


def readers_text(content: dict, html: dict) -> dict[str, str]:
    """The published text readers read, by weight: title, standfirst, body,
    and the rest (boxes, figures)."""
    explainer = content["explainer"]
    rest = []
    for box in html.get("boxes", []):
        rest += [box.get("title", ""), html_plain_text(box.get("html", ""))]
    for statistic in content.get("statistics", []):
        rest += [statistic.get("display_text", ""), statistic.get("claim", "")]
    return {
        "title": explainer.get("title", ""),
        "standfirst": explainer.get("standfirst", "") or "",
        "body": html_plain_text(html.get("body", "")),
        "rest": "\n".join(part for part in rest if part),
    }


def listing_fields(revision: PublishedRevision, *, first_published_at) -> dict:
    """The listing columns of ``revision`` (pure: reads only the revision)."""
    content, html = revision.content, revision.html
    explainer = content["explainer"]
    conflict = explainer.get("conflict") or {}
    text = readers_text(content, html)
    return {
        "revision": revision,
        "revision_number": revision.number,
        "slug": explainer["slug"],
        "title": explainer["title"],
        "standfirst": explainer.get("standfirst", "") or "",
        "conflict_name": conflict.get("name", ""),
        "conflict_slug": conflict.get("slug", ""),
        "authors": explainer.get("authors") or [],
        "first_published_at": first_published_at or revision.published_at,
        "published_at": revision.published_at,
        "search_text": "\n".join(text.values()).casefold(),
        "lead_image": explainer.get("lead_image"),
        # The gate refused any retracted source: a new revision is the
        # correction, and the notices of the one it replaces go.
        "source_notices": {},
    }


def search_vector(text: dict[str, str]) -> CombinedExpression:
    """Title (A) > standfirst (B) > body (C) > boxes and figures (D)."""
    vector: SearchVector | CombinedExpression | None = None
    for part, weight in (("title", "A"), ("standfirst", "B"), ("body", "C")):
        term = SearchVector(Value(text[part]), weight=weight, config=SEARCH_CONFIG)
        vector = term if vector is None else vector + term
    return vector + SearchVector(Value(text["rest"]), weight="D", config=SEARCH_CONFIG)


# SQLite's full-text index of the listing (migration 0009), when SQLite has
# FTS5: one row per live explainer, its rowid the explainer's id, the porter
# stemmer so that "refugee" finds "refugees".
FTS_TABLE = "explainers_listing_fts"
FTS_COLUMNS = ("title", "standfirst", "body", "rest")


@cache
def sqlite_fts(alias: str = "default") -> bool:
    """Whether this SQLite database has the listing's full-text index."""
    database = connections[alias]
    if database.vendor != "sqlite":
        return False
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
            [FTS_TABLE],
        )
        return cursor.fetchone() is not None


def _fts_write(explainer_id: int, text: dict[str, str] | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [explainer_id])
        if text is not None:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
                "VALUES (%s, %s, %s, %s, %s)",
                [explainer_id, *(text[column] for column in FTS_COLUMNS)],
            )


def listing_publish(explainer, revision: PublishedRevision) -> LiveListing:
    """Makes ``revision`` what lists show of ``explainer`` (inside publish)."""
    fields = listing_fields(revision, first_published_at=explainer.first_published_at)
    listing, _ = LiveListing.objects.update_or_create(
        explainer=explainer, defaults=fields
    )
    Withdrawal.objects.filter(pk=explainer.pk).delete()
    text = readers_text(revision.content, revision.html)
    if connection.vendor == "postgresql":
        LiveListing.objects.filter(pk=explainer.pk).update(
            search_vector=search_vector(text)
        )
    elif sqlite_fts(connection.alias):
        _fts_write(explainer.pk, text)
    return listing


# What a withdrawal keeps of the listing row it replaces.
WITHDRAWAL_FIELDS = (
    "slug",
    "title",
    "standfirst",
    "conflict_name",
    "conflict_slug",
    "authors",
    "revision_number",
    "first_published_at",
    "published_at",
)


def listing_remove(explainer_id: int) -> None:
    """Takes an unpublished explainer off every list (inside unpublish),
    leaving a withdrawal that tells partners to take it down too."""
    listed = LiveListing.objects.filter(pk=explainer_id).values(*WITHDRAWAL_FIELDS)
    for fields in listed:
        Withdrawal.objects.update_or_create(
            explainer_id=explainer_id,
            defaults={**fields, "withdrawn_at": timezone.now()},
        )
    LiveListing.objects.filter(pk=explainer_id).delete()
    if sqlite_fts(connection.alias):
        _fts_write(explainer_id, None)
