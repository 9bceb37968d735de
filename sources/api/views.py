"""Views of the sources API: recorded sources and where they are used.

Thin like the explainers API: look up, validate the shape, call the service
in ``sources.services``. Citations are part of their statistic's content:
their views are the explainers API's (``explainers.api.views.citations``).
"""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from newsroom.api.created import LOCATION, location
from newsroom.api.pagination import StandardPagination
from newsroom.api.serializers import validated
from newsroom.api.views import (
    READ_ERRORS,
    NewsroomAPIView,
    error_responses,
)
from sources import citing, services
from sources.api.serializers import (
    SourceDetailSerializer,
    SourceInputSerializer,
    SourceSerializer,
    SourceStatusInputSerializer,
    SourceUsesSerializer,
)
from sources.models import Source

SOURCE_TAG = ["newsroom: sources"]
SOURCE_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 429)


def get_source(source_id: int) -> Source:
    source = (
        Source.objects.select_related("created_by", "status_changed_by")
        .filter(pk=source_id)
        .first()
    )
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
        sources = Source.objects.select_related(
            "created_by", "status_changed_by"
        ).order_by("title", "id")
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
        parameters=[LOCATION],
        responses={201: SourceDetailSerializer, **error_responses(400, 401, 403, 413)},
    )
    def post(self, request):
        data = validated(SourceInputSerializer, request.data)
        source = services.source_create(actor=request.user, data=data)
        return Response(
            SourceDetailSerializer(get_source(source.pk)).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": location(request, "newsroom-source", source_id=source.pk)
            },
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


USES_LIMIT = 500


class SourceUsesView(NewsroomAPIView):
    view_permission = "sources.view_source"
    view_permission_label = "sources"

    @extend_schema(
        operation_id="newsroom_sources_uses",
        summary="Every statistic, explainer and published revision citing a source",
        tags=SOURCE_TAG,
        responses={200: SourceUsesSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request, source_id):
        source = get_source(source_id)
        uses = citing.uses(source, limit=USES_LIMIT)
        return Response(
            SourceUsesSerializer(
                {
                    "source": source.pk,
                    "statistics": uses.statistics,
                    "explainers": uses.explainers,
                    "revisions": uses.revisions,
                    "truncated": uses.truncated,
                }
            ).data
        )


class SourceStatusView(NewsroomAPIView):
    view_permission = "sources.view_source"
    view_permission_label = "sources"

    @extend_schema(
        operation_id="newsroom_sources_status",
        summary="Mark a source current, corrected or retracted (reviewer, chief); "
        "approvals of the claims citing it lapse",
        tags=SOURCE_TAG,
        request=SourceStatusInputSerializer,
        responses={
            200: SourceDetailSerializer,
            **error_responses(400, 401, 403, 404, 413, 429),
        },
    )
    def post(self, request, source_id):
        source = get_source(source_id)
        data = validated(SourceStatusInputSerializer, request.data)
        services.source_mark_status(
            source_id=source.pk,
            status=data["status"],
            note=data["note"],
            actor=request.user,
        )
        return Response(SourceDetailSerializer(get_source(source.pk)).data)
