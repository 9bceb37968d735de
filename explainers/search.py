"""Search over live published revisions, never over draft fields."""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F

from explainers.models import Explainer
from explainers.selectors import published, summaries

LIMIT = 50
MAX_QUERY_CHARS = 200


def search_live_explainers(query: str, *, limit=LIMIT) -> list[dict]:
    """Searches the live revisions' text (one query).

    PostgreSQL ranks with full-text search over the published title (weight A),
    standfirst (B), body (C), and all the text readers see, boxes and
    statistics included (D).
    Other databases fall back to a case-insensitive match, without ranking,
    on the text readers see (stored with each revision, case-folded).
    """
    query = query.strip()[:MAX_QUERY_CHARS]
    if not query:
        return []
    queryset = Explainer.objects.live()
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, query, limit)
    for word in query.casefold().split():
        queryset = queryset.filter(live_revision__search_text__contains=word)
    ordered = queryset.order_by("-live_revision__published_at", "-id")
    return list(summaries(ordered)[:limit])


def _search_postgresql(queryset, query: str, limit: int) -> list[dict]:
    vector = (
        SearchVector(published("title"), weight="A", config="english")
        + SearchVector(published("standfirst"), weight="B", config="english")
        + SearchVector(published("body"), weight="C", config="english")
        # Boxes and statistics as readers see them (no JSON keys, no reviewer
        # names): the revision's stored search text.
        + SearchVector("live_revision__search_text", weight="D", config="english")
    )
    search = SearchQuery(query, search_type="websearch", config="english")
    ranked = (
        queryset.annotate(document=vector)
        .filter(document=search)
        .annotate(rank=SearchRank(F("document"), search))
        .order_by("-rank", "-live_revision__published_at", "-id")
    )
    return list(summaries(ranked)[:limit])
