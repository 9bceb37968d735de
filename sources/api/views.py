"""Views of the sources API: sources, and the citations of a statistic.

Thin like the explainers API: look up, check If-Match, validate the shape,
call the service in ``sources.services``.
"""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from explainers.api.views import current_version, get_statistic, with_version
from explainers.permissions import require_edit
from newsroom.api.etags import version_etag
from newsroom.api.pagination import StandardPagination
from newsroom.api.serializers import validated
from newsroom.api.views import (
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    NewsroomAPIView,
    check_if_match,
    error_responses,
)
from sources import services
from sources.api.serializers import (
    CitationInputSerializer,
    CitationSerializer,
    SourceDetailSerializer,
    SourceInputSerializer,
    SourceSerializer,
)
from sources.models import Citation, Source

SOURCE_TAG = ["newsroom: sources"]
CITATION_TAG = ["newsroom: citations"]
SOURCE_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 429)


def get_source(source_id: int) -> Source:
    source = Source.objects.select_related("created_by").filter(pk=source_id).first()
    if source is None:
        raise NotFound("No source with this id.")
    return source


class SourceListView(NewsroomAPIView):
    view_permission = "sources.view_source"
    view_permission_label = "sources"
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="newsroom_sources_list",
        summary="Recorded sources",
        tags=SOURCE_TAG,
        parameters=[
            OpenApiParameter("q", str, description="Words in title or publisher."),
            OpenApiParameter("kind", enum=list(Source.Kind.values)),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={
            200: SourceSerializer(many=True),
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def get(self, request):
        sources = Source.objects.select_related("created_by").order_by("title", "id")
        if request.query_params.get("kind"):
            sources = sources.filter(kind=request.query_params["kind"])
        for word in request.query_params.get("q", "").split():
            sources = sources.filter(
                Q(title__icontains=word) | Q(publisher__icontains=word)
            )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(sources, request, view=self)
        return paginator.get_paginated_response(SourceSerializer(page, many=True).data)

    @extend_schema(
        operation_id="newsroom_sources_create",
        summary="Record a source",
        tags=SOURCE_TAG,
        request=SourceInputSerializer,
        responses={201: SourceDetailSerializer, **error_responses(400, 401, 403, 413)},
    )
    def post(self, request):
        data = validated(SourceInputSerializer, request.data)
        source = services.source_create(actor=request.user, data=data)
        return Response(
            SourceDetailSerializer(get_source(source.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class SourceDetailView(NewsroomAPIView):
    view_permission = "sources.view_source"
    view_permission_label = "sources"

    @extend_schema(
        operation_id="newsroom_sources_retrieve",
        summary="One source and the statistics citing it",
        tags=SOURCE_TAG,
        responses={200: SourceDetailSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, source_id):
        return Response(SourceDetailSerializer(get_source(source_id)).data)

    def _update(self, request, source_id, *, partial):
        source = get_source(source_id)
        data = validated(SourceInputSerializer, request.data, partial=partial)
        services.source_update(source_id=source.pk, actor=request.user, data=data)
        return Response(SourceDetailSerializer(get_source(source.pk)).data)

    @extend_schema(
        operation_id="newsroom_sources_partial_update",
        summary="Change some fields of a source (reviews citing it lapse)",
        tags=SOURCE_TAG,
        request=SourceInputSerializer(partial=True),
        responses={
            200: SourceDetailSerializer,
            **error_responses(*SOURCE_WRITE_ERRORS),
        },
    )
    def patch(self, request, source_id):
        return self._update(request, source_id, partial=True)

    @extend_schema(
        operation_id="newsroom_sources_update",
        summary="Replace a source (reviews citing it lapse)",
        tags=SOURCE_TAG,
        request=SourceInputSerializer,
        responses={
            200: SourceDetailSerializer,
            **error_responses(*SOURCE_WRITE_ERRORS),
        },
    )
    def put(self, request, source_id):
        return self._update(request, source_id, partial=False)

    @extend_schema(
        operation_id="newsroom_sources_destroy",
        summary="Delete a source no statistic cites (chief)",
        tags=SOURCE_TAG,
        responses={204: None, **error_responses(*SOURCE_WRITE_ERRORS)},
    )
    def delete(self, request, source_id):
        source = get_source(source_id)
        services.source_delete(source_id=source.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- citations, nested under their statistic ----------------------------------------


def get_citation(explainer_id: int, statistic_id: int, citation_id: int) -> Citation:
    citation = (
        Citation.objects.select_related("source", "statistic__explainer")
        .filter(
            pk=citation_id,
            statistic_id=statistic_id,
            statistic__explainer_id=explainer_id,
        )
        .first()
    )
    if citation is None:
        raise NotFound("This statistic has no citation with this id.")
    return citation


class CitationListView(NewsroomAPIView):
    view_permission = "sources.view_citation"
    view_permission_label = "citations"

    @extend_schema(
        operation_id="newsroom_citations_list",
        summary="A statistic's citations",
        tags=CITATION_TAG,
        responses={
            200: CitationSerializer(many=True),
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request, explainer_id, statistic_id):
        statistic = get_statistic(explainer_id, statistic_id)
        citations = statistic.citations.select_related("source").order_by("id")
        return Response(
            CitationSerializer(citations, many=True).data,
            headers={"ETag": version_etag(statistic.explainer.version)},
        )

    @extend_schema(
        operation_id="newsroom_citations_create",
        summary="Cite a source for a statistic (its review lapses)",
        tags=CITATION_TAG,
        parameters=[IF_MATCH],
        request=CitationInputSerializer,
        responses={201: CitationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request, explainer_id, statistic_id):
        statistic = get_statistic(explainer_id, statistic_id)
        require_edit(request.user)
        expected = check_if_match(request, statistic.explainer.version)
        data = validated(CitationInputSerializer, request.data)
        citation = services.citation_create(
            statistic_id=statistic.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        return with_version(
            CitationSerializer(citation).data,
            explainer_id,
            status_code=status.HTTP_201_CREATED,
        )


class CitationDetailView(NewsroomAPIView):
    view_permission = "sources.view_citation"
    view_permission_label = "citations"

    @extend_schema(
        operation_id="newsroom_citations_retrieve",
        summary="One citation",
        tags=CITATION_TAG,
        responses={200: CitationSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, explainer_id, statistic_id, citation_id):
        citation = get_citation(explainer_id, statistic_id, citation_id)
        return Response(
            CitationSerializer(citation).data,
            headers={"ETag": version_etag(citation.statistic.explainer.version)},
        )

    def _update(self, request, explainer_id, statistic_id, citation_id, *, partial):
        citation = get_citation(explainer_id, statistic_id, citation_id)
        require_edit(request.user)
        expected = check_if_match(request, citation.statistic.explainer.version)
        data = validated(CitationInputSerializer, request.data, partial=partial)
        services.citation_update(
            citation_id=citation.pk,
            actor=request.user,
            data=data,
            expected_version=expected,
        )
        citation = get_citation(explainer_id, statistic_id, citation_id)
        return with_version(CitationSerializer(citation).data, explainer_id)

    @extend_schema(
        operation_id="newsroom_citations_partial_update",
        summary="Change a citation (the statistic's review lapses)",
        tags=CITATION_TAG,
        parameters=[IF_MATCH],
        request=CitationInputSerializer(partial=True),
        responses={200: CitationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request, explainer_id, statistic_id, citation_id):
        return self._update(
            request, explainer_id, statistic_id, citation_id, partial=True
        )

    @extend_schema(
        operation_id="newsroom_citations_update",
        summary="Replace a citation (the statistic's review lapses)",
        tags=CITATION_TAG,
        parameters=[IF_MATCH],
        request=CitationInputSerializer,
        responses={200: CitationSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def put(self, request, explainer_id, statistic_id, citation_id):
        return self._update(
            request, explainer_id, statistic_id, citation_id, partial=False
        )

    @extend_schema(
        operation_id="newsroom_citations_destroy",
        summary="Remove a citation (the statistic's review lapses)",
        tags=CITATION_TAG,
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(*WRITE_ERRORS)},
    )
    def delete(self, request, explainer_id, statistic_id, citation_id):
        citation = get_citation(explainer_id, statistic_id, citation_id)
        require_edit(request.user)
        expected = check_if_match(request, citation.statistic.explainer.version)
        services.citation_delete(
            citation_id=citation.pk, actor=request.user, expected_version=expected
        )
        return Response(
            status=status.HTTP_204_NO_CONTENT,
            headers={"ETag": version_etag(current_version(explainer_id))},
        )
