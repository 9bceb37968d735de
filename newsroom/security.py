"""Security headers that Django's SecurityMiddleware does not set.

The public site needs no JavaScript, so its Content-Security-Policy allows
none: a script that slipped past sanitising would still not run. The admin
and the API's Swagger page run script files from this site, never inline
scripts.
X-Content-Type-Options, Referrer-Policy and HSTS come from settings
(SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_HSTS_SECONDS).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse


def media_origin() -> str:
    """Uploaded images' origin when another host (a CDN, a bucket) serves
    them; images on this site are 'self' already."""
    url = urlsplit(settings.MEDIA_URL)
    return f" {url.scheme}://{url.netloc}" if url.scheme and url.netloc else ""


PUBLIC_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        f"img-src 'self'{media_origin()}",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

# Django's admin uses script files and inline style attributes.
ADMIN_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data:{media_origin()}",
        "object-src 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)

POLICIES_BY_PREFIX = (
    ("/admin/", ADMIN_POLICY),
    ("/api/", ADMIN_POLICY),
)


def policy_for(path: str) -> str:
    for prefix, policy in POLICIES_BY_PREFIX:
        if path.startswith(prefix):
            return policy
    return PUBLIC_POLICY


class SecurityHeadersMiddleware:
    """Adds a Content-Security-Policy and related headers to every response.

    A view that sets its own Content-Security-Policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = refuse_null_characters(request) or self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy_for(request.path))
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


def refuse_null_characters(request):
    """Answers 400 to a query string holding NUL, which no database accepts.

    PostgreSQL refuses NUL in text; without this a search for "%00" would be a
    server error instead of a clear refusal.
    """
    if "%00" not in request.META.get("QUERY_STRING", "").upper():
        return None
    message = "The address contains a null character (%00), which is not allowed."
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "parse_error", "message": message, "errors": {}}, status=400
        )
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
