"""Search over the live listing, never over draft fields.

PostgreSQL matches a stored, weighted tsvector (title > standfirst > body >
boxes and figures, written at publish) through a GIN index, ranks, and
highlights matches in the standfirst; each search runs under a statement
timeout so that no query can hold a worker. SQLite with FTS5 matches the
listing's full-text index (porter stemming: "refugee" finds "refugees") and
ranks by bm25 with the same column weights, highlighting the standfirst as
PostgreSQL does; without FTS5 it matches every
word in the case-folded readers' text stored with the listing.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import OperationalError, connection, connections, router, transaction
from django.db.models import F, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from explainers.listing import FTS_TABLE, SEARCH_CONFIG, sqlite_fts
from explainers.models import LiveListing
from explainers.selectors import latest_listings, summaries

LIMIT = 50
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
# How many of the newest matches are ranked (see search_live_explainers).
MAX_RANKED = 1000
# A search that takes longer is stopped: it answers "try fewer words".
STATEMENT_TIMEOUT_MS = 500
# Private-use characters that mark a match; replaced by <mark> after escaping.
_MATCH_START, _MATCH_END = "\ue010", "\ue011"


class SearchTooSlow(Exception):
    """The database stopped a search at the statement timeout."""


def _words(query: str) -> list[str]:
    return query.strip()[:MAX_QUERY_CHARS].split()[:MAX_WORDS]


def _ts_query(words: list[str]) -> SearchQuery:
    return SearchQuery(" ".join(words), search_type="websearch", config=SEARCH_CONFIG)


def _fts_query(words: list[str]) -> str:
    """Every word as an FTS5 string (implicitly ANDed): no operator syntax."""
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)


def _fts_ranked_sql(words: list[str], limit: int) -> tuple[str, list[str]]:
    # bm25 weights per column: title > standfirst > body > boxes and figures;
    # the standfirst (column 1) comes back with its matches marked.
    return (
        f"SELECT rowid, highlight({FTS_TABLE}, 1, %s, %s) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s "
        f"ORDER BY bm25({FTS_TABLE}, 10.0, 5.0, 2.0, 1.0) LIMIT {int(limit)}",
        [_MATCH_START, _MATCH_END, _fts_query(words)],
    )


def matching(queryset: QuerySet[LiveListing], query: str) -> QuerySet[LiveListing]:
    """Listings in ``queryset`` that match every word of ``query``."""
    words = _words(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=_ts_query(words))
    if sqlite_fts(connection.alias):
        return queryset.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [_fts_query(words)],
            )
        )
    for word in words:
        queryset = queryset.filter(search_text__contains=word.casefold())
    return queryset


@contextmanager
def statement_timeout(milliseconds: int):
    """Runs the block's queries in a transaction PostgreSQL stops after
    ``milliseconds``; raises SearchTooSlow when it does. Elsewhere the block
    runs as it is (SQLite searches the small embedded archive)."""
    # On the database the search reads: the replica when there is one.
    alias = router.db_for_read(LiveListing)
    if connections[alias].vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:
                # SET LOCAL lasts until the end of this transaction only.
                cursor.execute(f"SET LOCAL statement_timeout = {int(milliseconds)}")
            yield
    except OperationalError as exc:
        if "statement timeout" in str(exc):
            raise SearchTooSlow from exc
        raise


def _highlighted(text: str) -> str:
    return mark_safe(  # the text is escaped before the marks become tags
        escape(text).replace(_MATCH_START, "<mark>").replace(_MATCH_END, "</mark>")
    )


def search_live_explainers(query: str, *, limit=LIMIT) -> list[dict]:
    """Ranked live explainers matching ``query`` (one query, at most ``limit``).

    Raises SearchTooSlow when PostgreSQL stops the query at the timeout.
    """
    words = _words(query)
    if not words:
        return []
    if connection.vendor != "postgresql" and sqlite_fts(connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(*_fts_ranked_sql(words, limit))
            # Ranked explainer ids (a dict keeps their order) to the
            # highlighted standfirst.
            highlights = dict(cursor.fetchall())
        by_id = {
            row["explainer_id"]: row
            for row in summaries(LiveListing.objects.filter(pk__in=list(highlights)))
        }
        rows = [by_id[pk] for pk in highlights if pk in by_id]
        for row in rows:
            row["published_standfirst"] = _highlighted(highlights[row["explainer_id"]])
        return rows
    if connection.vendor != "postgresql":
        return list(summaries(matching(latest_listings(), query))[:limit])
    search = _ts_query(words)
    # A common word matches most of the archive: rank the newest matches
    # only, so the cost has a ceiling whatever the archive's size.
    candidates = (
        LiveListing.objects.filter(search_vector=search)
        .order_by("-published_at", "-explainer_id")
        .values("pk")[:MAX_RANKED]
    )
    ranked = (
        LiveListing.objects.filter(pk__in=Subquery(candidates))
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            headline=SearchHeadline(
                "standfirst",
                search,
                config=SEARCH_CONFIG,
                start_sel=_MATCH_START,
                stop_sel=_MATCH_END,
                highlight_all=True,
            ),
        )
        .order_by("-rank", "-published_at", "-explainer_id")
    )
    with statement_timeout(STATEMENT_TIMEOUT_MS):
        rows = list(summaries(ranked, "headline")[:limit])
    for row in rows:
        row["published_standfirst"] = _highlighted(row.pop("headline"))
    return rows
