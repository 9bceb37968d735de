"""Base views of the API: public (anonymous, cached) and newsroom (staff)."""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from newsroom.api.errors import PreconditionFailed
from newsroom.api.etags import expected_version
from newsroom.api.permissions import NewsroomAccess
from newsroom.api.serializers import ErrorSerializer
from newsroom.api.throttles import NewsroomUserThrottle, PublicAnonThrottle

ERROR_DESCRIPTIONS = {
    304: "Not modified: the If-None-Match ETag is current.",
    400: "Invalid input: malformed JSON, wrong types, unknown or invalid fields.",
    401: "No or invalid credentials (Authorization: Token <key>, or a session).",
    403: "The role may not do this; the message says why.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "Not possible in the current state (workflow, source in use); a "
    "refused publish lists the gate's problems.",
    410: "The explainer was withdrawn.",
    412: "Stale write: If-Match (or version) is not the current version; "
    "nothing was changed.",
    413: "The request body is too large.",
    428: "A review decision or transition sent without If-Match naming the "
    "version it was taken on; nothing was changed.",
    429: "Too many requests; retry after the Retry-After seconds.",
}


def error_responses(*codes: int) -> dict:
    """OpenAPI responses for the listed error status codes."""
    return {
        code: OpenApiResponse(
            response=None if code == 304 else ErrorSerializer,
            description=ERROR_DESCRIPTIONS[code],
        )
        for code in codes
    }


READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 413, 429)
# Review decisions and transitions must name the version they were taken on.
DECISION_ERRORS = (*WRITE_ERRORS, 428)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The explainer version the change is based on, e.g. "3" (the '
    "ETag of the explainer). A different current version answers 412; a review "
    "decision or transition without it answers 428.",
)


class PublicAPIView(APIView):
    """Anonymous, read-only, throttled per client address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PublicAnonThrottle,)
    # OPTIONS answers 405 like every other method but GET and HEAD.
    metadata_class = None
    cache_control = "public, max-age=60"


class NewsroomAPIView(APIView):
    """Token or session authentication, staff only, role-checked.

    The authentication classes are the settings' (``REST_FRAMEWORK``): the
    project's hashed, expiring API tokens, then the admin's session.
    """

    permission_classes = (NewsroomAccess,)
    throttle_classes = (NewsroomUserThrottle,)
    view_permission = "explainers.view_explainer"
    view_permission_label = "explainers"


def check_if_match(request, current_version: int) -> int | None:
    """Returns the If-Match version; refuses with 412 when it is not current.

    The service checks it again under the explainer's row lock; checking here
    too answers 412 for a write that would change nothing, and before any
    validation, so a stale client learns first that it must reload.
    """
    expected = expected_version(request)
    if expected is not None and expected != current_version:
        raise PreconditionFailed(
            f"Someone else saved this explainer after you opened it (you edited "
            f"version {expected}, it is now at version {current_version}). "
            "Reload, reapply your change and save again.",
            current_version=current_version,
        )
    return expected


def api_not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1/ answer 404 in the API's error shape."""
    return JsonResponse(
        {"code": "not_found", "message": "No API endpoint at this path.", "errors": {}},
        status=404,
    )
