"""Answers to a create: 201 with the new resource's absolute ``Location``."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

# The response header, documented on every create operation.
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[201],
    description="The absolute URL of what was created.",
)


def location(request: Request, url_name: str, **kwargs: object) -> str:
    """The ``Location`` of a 201: the absolute URL of ``url_name``."""
    return request.build_absolute_uri(reverse(url_name, kwargs=kwargs))
