"""A request id on every request, answer and log line.

An id sent by the proxy in front (``X-Request-ID``, nginx's ``$request_id``)
is kept, so one id follows a request from the load balancer to the app's
logs; otherwise one is made. The answer carries it back in ``X-Request-ID``.
"""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
# Accepted from outside only when it is short and plain: it goes into logs.
ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")

current: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # META, not request.headers: that would copy every header on each request.
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if ACCEPTABLE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response
