"""JSON parsing: strict, size-limited, and safe on hostile documents.

DRF 3.16+ hands a JSON parser ``request.body``, so Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2 MiB) refuses a larger declared body with
``RequestDataTooBig`` (413 in ``newsroom.api.errors``). This parser checks the
limit again on what it actually reads, so it holds whichever way DRF hands
over the stream, refuses NaN and Infinity, and turns a document nested
deeply enough to exhaust Python's recursion into a 400.
"""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from newsroom.api.errors import PayloadTooLarge, too_large_message


def max_body_size() -> int | None:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class LimitedJSONParser(JSONParser):
    """JSON only, at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes, strict."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_size()
        request = (parser_context or {}).get("request")
        if limit is not None and request is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                raise PayloadTooLarge(too_large_message(limit))
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge(too_large_message(limit))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        except RecursionError:
            message = "JSON parse error - the document is nested too deeply."
            raise ParseError(message) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")
