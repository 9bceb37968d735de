"""Serving uploaded images from this process, for development and tests.

In production the web server or a CDN serves MEDIA_ROOT (or the S3-compatible
store serves its bucket) and this view is off (``SERVE_MEDIA``). File names
are made from the picture's digest, so a name never points to other bytes
and the answer may be kept for a year.
"""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

ONE_YEAR = 365 * 24 * 3600


@require_safe
def media(request, path: str):
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are served by the web server.")
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response
