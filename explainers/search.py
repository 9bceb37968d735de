"""Search over live published revisions, never over draft fields."""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, Func

from explainers.models import Explainer
from explainers.selectors import published, summaries

LIMIT = 50
MAX_QUERY_CHARS = 200


class JSONStringsVector(SearchVectorCombinable, Func):
    """Every string value inside a jsonb value, as a weighted tsvector.

    The keys of the JSON ("display_text", "title") are left out, so a search
    for "title" does not match every explainer.
    """

    template = (
        "setweight(jsonb_to_tsvector('english'::regconfig, %(expressions)s, "
        "'[\"string\"]'), '%(weight)s')"
    )
    output_field = SearchVectorField()

    def __init__(self, expression, *, weight: str):
        if weight not in {"A", "B", "C", "D"}:
            raise ValueError("A search weight is one of A, B, C or D.")
        super().__init__(expression, weight=weight)


def search_live_explainers(query: str, *, limit=LIMIT) -> list[dict]:
    """Searches the live revisions' text (one query).

    PostgreSQL ranks with full-text search over the published title (weight A),
    standfirst (B), body (C), and the boxes' and statistics' strings (D).
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
        + JSONStringsVector(F("live_revision__content__boxes"), weight="D")
        + JSONStringsVector(F("live_revision__content__statistics"), weight="D")
    )
    search = SearchQuery(query, search_type="websearch", config="english")
    ranked = (
        queryset.annotate(document=vector)
        .filter(document=search)
        .annotate(rank=SearchRank(F("document"), search))
        .order_by("-rank", "-live_revision__published_at", "-id")
    )
    return list(summaries(ranked)[:limit])
