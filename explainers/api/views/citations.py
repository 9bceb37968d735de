"""Newsroom API: a statistic's citations (each a change to its statistic)."""

from explainers.api.views.bases import (
    NestedDetailView,
    NestedListView,
    nested_schema,
)
from explainers.api.views.lookups import get_citation, get_statistic
from explainers.services import content
from sources.api.serializers import CitationInputSerializer, CitationSerializer

CITATION_TAGS = ["newsroom: citations"]


class CitationViews:
    view_permission = "sources.view_citation"
    view_permission_label = "citations"
    serializer_class = CitationSerializer
    input_serializer_class = CitationInputSerializer


@nested_schema(
    "citations",
    tags=CITATION_TAGS,
    list="A statistic's citations",
    create="Cite a source for a statistic (its review lapses)",
)
class CitationListView(CitationViews, NestedListView):
    def get_parent(self, *, explainer_id, statistic_id):
        return get_statistic(explainer_id, statistic_id)

    def get_rows(self, statistic):
        return statistic.citations.select_related("source").order_by("id")

    def create(self, statistic, **kwargs):
        return content.citation_create(statistic_id=statistic.pk, **kwargs)


@nested_schema(
    "citations",
    tags=CITATION_TAGS,
    retrieve="One citation",
    partial_update="Change a citation (the statistic's review lapses)",
    update="Replace a citation (the statistic's review lapses)",
    destroy="Remove a citation (the statistic's review lapses)",
)
class CitationDetailView(CitationViews, NestedDetailView):
    def get_row(self, *, explainer_id, statistic_id, citation_id):
        return get_citation(explainer_id, statistic_id, citation_id)

    def update(self, citation, **kwargs):
        return content.citation_update(citation_id=citation.pk, **kwargs)

    def destroy(self, citation, **kwargs):
        content.citation_delete(citation_id=citation.pk, **kwargs)
