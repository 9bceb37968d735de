"""Newsroom API: a statistic's citations (each a change to its statistic)."""

from typing import Any

from django.db.models import QuerySet
from rest_framework.serializers import BaseSerializer

from explainers.api.views.bases import (
    NestedDetailView,
    NestedListView,
    nested_schema,
)
from explainers.api.views.lookups import get_citation, get_statistic
from explainers.models import Statistic
from explainers.services import content
from sources.api.serializers import CitationInputSerializer, CitationSerializer
from sources.models import Citation

CITATION_TAGS = ["newsroom: citations"]


class CitationViews:
    view_permission = "sources.view_citation"
    view_permission_label = "citations"
    serializer_class: type[BaseSerializer] = CitationSerializer
    input_serializer_class: type[BaseSerializer] = CitationInputSerializer


@nested_schema(
    "citations",
    tags=CITATION_TAGS,
    list="A statistic's citations",
    create="Cite a source for a statistic (its review lapses)",
)
class CitationListView(CitationViews, NestedListView):
    detail_url_name, detail_url_kwarg = "newsroom-citation", "citation_id"

    def get_parent(self) -> Statistic:
        return get_statistic(self.kwargs["explainer_id"], self.kwargs["statistic_id"])

    def get_rows(self, statistic: Statistic, /) -> QuerySet[Citation]:
        return statistic.citations.select_related("source").order_by("id")

    def create(self, statistic: Statistic, /, **kwargs: Any) -> Citation:
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
    def get_row(self) -> Citation:
        return get_citation(
            self.kwargs["explainer_id"],
            self.kwargs["statistic_id"],
            self.kwargs["citation_id"],
        )

    def update(self, citation: Citation, /, **kwargs: Any) -> Citation:
        return content.citation_update(citation_id=citation.pk, **kwargs)

    def destroy(self, citation: Citation, /, **kwargs: Any) -> None:
        content.citation_delete(citation_id=citation.pk, **kwargs)
