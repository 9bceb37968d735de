"""Public, read-only API views: live published revisions only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    NotFound,
    Throttled,
    ValidationError,
)
from rest_framework.response import Response

from explainers import search
from explainers import selectors as site_selectors
from explainers.api import selectors
from explainers.api.serializers import (
    PublicExplainerPageSerializer,
    PublicExplainerSerializer,
    PublicExplainerSummarySerializer,
    PublicListFilterSerializer,
)
from newsroom.api.errors import error_body
from newsroom.api.etags import (
    etag_for_data,
    not_modified,
    not_modified_response,
)
from newsroom.api.serializers import validated
from newsroom.api.throttles import SearchThrottle
from newsroom.api.views import (
    PublicAPIView,
    error_responses,
)

# Bump when the shape of public answers changes, so cached ETags expire.
PUBLIC_REPRESENTATION = "3"

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="An ETag from an earlier answer; 304 when it is still current.",
)

RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request. Anonymous clients "
    "may make 120 requests a minute per address, 30 of them searches (q), "
    "unless the operator set other rates.",
)

# --- public -------------------------------------------------------------------------


class PublicExplainerListView(PublicAPIView):
    page_size = 20

    @extend_schema(
        operation_id="public_explainers_list",
        summary="Published explainers",
        tags=["public"],
        parameters=[PublicListFilterSerializer, IF_NONE_MATCH, RETRY_AFTER],
        responses={
            200: PublicExplainerPageSerializer,
            **error_responses(304, 400, 404, 429),
        },
        auth=[],
    )
    def get(self, request):
        # An empty parameter (``?q=``) filters nothing, as on the site.
        params = {k: v for k, v in request.query_params.items() if v.strip()}
        filters = validated(PublicListFilterSerializer, params)
        if filters.get("q"):
            throttle = SearchThrottle()
            if not throttle.allow_request(request, self):
                # As ``self.throttled`` does; its stub wants a wait it may lack.
                raise Throttled(throttle.wait())
        page, cursor = self._page(filters, filters.get("page_size", self.page_size))
        next_url = None
        if cursor:
            query = request.query_params.copy()
            query["cursor"] = cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response = Response(
            {
                "next": next_url,
                "results": PublicExplainerSummarySerializer(
                    [
                        selectors.public_summary(
                            row, absolute=request.build_absolute_uri
                        )
                        for row in page
                    ],
                    many=True,
                ).data,
            }
        )
        etag = etag_for_data([PUBLIC_REPRESENTATION, response.data])
        if not_modified(request, etag):
            return not_modified_response(etag, self.cache_control)
        response["ETag"] = etag
        response["Cache-Control"] = self.cache_control
        return response

    @staticmethod
    def _page(filters: dict, size: int) -> tuple[list[dict], str | None]:
        def read():
            return selectors.public_page(
                size=size,
                conflict=filters.get("conflict"),
                updated_since=filters.get("updated_since"),
                q=filters.get("q"),
                cursor=filters.get("cursor"),
            )

        try:
            if not filters.get("q"):
                return read()
            with search.statement_timeout(search.STATEMENT_TIMEOUT_MS):
                return read()
        except ValueError as exc:
            raise ValidationError({"cursor": [str(exc)]}) from exc
        except search.SearchTooSlow as exc:
            raise SearchUnavailable from exc


class SearchUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "search_too_slow"
    default_detail = "That search took too long; try fewer or more specific words."


class PublicExplainerDetailView(PublicAPIView):
    @extend_schema(
        operation_id="public_explainers_retrieve",
        summary="One published explainer, as readers see it",
        tags=["public"],
        parameters=[IF_NONE_MATCH, RETRY_AFTER],
        responses={
            200: PublicExplainerSerializer,
            **error_responses(304, 404, 410, 429),
        },
        auth=[],
    )
    def get(self, request, slug):
        row = site_selectors.explainer_page_row(slug)
        if row is None or not (row.live or row.withdrawn):
            raise NotFound("No published explainer has this slug.")
        if not row.live:
            return Response(
                error_body("gone", "This explainer has been withdrawn."),
                status=status.HTTP_410_GONE,
            )
        # A revision never changes (its corrections are made with it), so its
        # id identifies the answer: a conditional GET costs one query.
        # A retraction notice written since (``explainers.notices``) changes it.
        notices = f"-n{row.notices_tag}" if row.notices_tag else ""
        etag = f'"r{row.revision_id}-{PUBLIC_REPRESENTATION}{notices}"'
        if not_modified(request, etag):
            return not_modified_response(etag, self.cache_control)
        data = PublicExplainerSerializer(
            selectors.public_detail(row, absolute=request.build_absolute_uri)
        ).data
        return Response(
            data, headers={"ETag": etag, "Cache-Control": self.cache_control}
        )
