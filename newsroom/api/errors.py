"""One error shape for every failure of the API.

Every error answer is ``{"code", "message", "errors": {field: [messages]}}``;
a publish refused by the gate adds ``"problems"``. The handler also maps the
refusals of the editorial services (``newsroom.errors``): ``PermissionDenied``
(403, with the service's reason), ``WorkflowError`` (409, with what its
``details`` add: a refused publish lists the gate's problems), ``StaleWrite``
(412), ``VersionRequired`` (428) and Django's ``ValidationError`` (400 with
field errors).
"""

import math

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from newsroom.errors import (
    StaleWrite,
    VersionRequired,
    WorkflowError,
    describe_refusal,
)

NON_FIELD = "non_field_errors"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = "The request body is too large."


def too_large_message(limit: int) -> str:
    return (
        f"The request body is larger than {limit // 1024} KiB "
        "(DATA_UPLOAD_MAX_MEMORY_SIZE); send less text in one request."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_write"
    default_detail = "The If-Match header does not match the current version."

    def __init__(self, detail=None, *, current_version: int | None = None):
        super().__init__(detail)
        self.current_version = current_version


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Returns DRF's nested error detail as ``{"field.sub": [messages]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in (NON_FIELD, NON_FIELD_ERRORS) else str(key)
            if prefix:
                name = prefix if name == NON_FIELD else f"{prefix}.{name}"
            for sub, messages in flatten_errors(value, name).items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            name = f"{prefix}.{index}" if prefix else str(index)
            for sub, messages in flatten_errors(item, name).items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    return {prefix or NON_FIELD: [str(detail)]}


def error_body(code: str, message: str, errors=None, **extra) -> dict:
    return {"code": code, "message": message, "errors": errors or {}, **extra}


def _django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return flatten_errors(exc.message_dict)
    return {NON_FIELD: list(exc.messages)}


def _response(status_code: int, body: dict, headers=None) -> Response:
    set_rollback()
    return Response(body, status=status_code, headers=headers)


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every failure becomes the one error shape."""
    if isinstance(exc, StaleWrite):
        return _response(
            status.HTTP_412_PRECONDITION_FAILED,
            error_body(exc.code, exc.message),
            headers={"ETag": f'"{exc.current}"'},
        )
    if isinstance(exc, VersionRequired):
        return _response(
            status.HTTP_428_PRECONDITION_REQUIRED,
            error_body(
                exc.code,
                "This decision must name the version you read: send "
                'If-Match: "<version>" (the explainer\'s ETag). Nothing was changed.',
            ),
        )
    if isinstance(exc, WorkflowError):
        # A refused publish adds the gate's problems (``details``).
        return _response(
            status.HTTP_409_CONFLICT,
            error_body(exc.code, describe_refusal(exc), **exc.details()),
        )
    if isinstance(exc, DjangoValidationError):
        return _response(
            status.HTTP_400_BAD_REQUEST,
            error_body(
                "invalid",
                "The request has invalid fields.",
                _django_validation_errors(exc),
            ),
        )
    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when DRF
        # reads request.body (DRF 3.16+ does so for JSON).
        exc = PayloadTooLarge(too_large_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    elif isinstance(exc, Http404 | ObjectDoesNotExist):
        # A row that disappeared between the view's lookup and the service's
        # lock is simply not found.
        exc = exceptions.NotFound(*(exc.args if isinstance(exc, Http404) else ()))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(describe_refusal(exc))
    elif isinstance(exc, IntegrityError):
        # full_clean() validates constraints first; only a race between two
        # writers reaches the database constraint.
        return _response(
            status.HTTP_409_CONFLICT,
            error_body(
                "conflict",
                "Another request changed the same data at the same time; retry.",
            ),
        )
    if not isinstance(exc, exceptions.APIException):
        return None

    # Set by some exceptions only: authentication, throttles, stale writes.
    auth_header = getattr(exc, "auth_header", None)
    wait = getattr(exc, "wait", None)
    current_version = getattr(exc, "current_version", None)
    headers = {}
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    if wait:
        headers["Retry-After"] = f"{math.ceil(wait)}"
    if current_version is not None:
        headers["ETag"] = f'"{current_version}"'

    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            "invalid", "The request has invalid fields.", flatten_errors(exc.detail)
        )
    else:
        detail = exc.detail
        if isinstance(detail, list | dict):
            body = error_body(
                exc.default_code,
                str(exc.default_detail),
                flatten_errors(detail),
            )
        else:
            body = error_body(getattr(detail, "code", exc.default_code), str(detail))
    return _response(exc.status_code, body, headers=headers)
