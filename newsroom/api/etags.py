"""ETag helpers: conditional GET for public reads, If-Match for newsroom writes."""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import parse_etags, quote_etag
from rest_framework.response import Response

from newsroom.api.errors import PreconditionFailed


def _bare(tag: str) -> str:
    return tag.removeprefix("W/")


def etag_for_data(data) -> str:
    """A strong ETag for a JSON answer: the digest of its canonical form."""
    encoded = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()
    return quote_etag(hashlib.sha256(encoded).hexdigest()[:32])


def not_modified(request, etag: str) -> bool:
    """True when If-None-Match names ``etag`` (weak comparison, as RFC 9110)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or _bare(etag) in {_bare(t) for t in tags}


def not_modified_response(etag: str, cache_control: str | None = None) -> Response:
    response = Response(status=304)
    response["ETag"] = etag
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def version_etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request) -> int | None:
    """The explainer version named by If-Match, or None when there is none.

    ``If-Match: *`` matches any version. Anything else that is not one
    quoted version number cannot match, so the write is refused with 412.
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    tags = [_bare(t) for t in parse_etags(header)]
    match = len(tags) == 1 and re.fullmatch(r'"([0-9]{1,10})"', tags[0])
    if match:
        return int(match.group(1))
    raise PreconditionFailed(
        'If-Match must be one explainer version in quotes, such as "3", or *.'
    )
