"""A short path for the hottest public URLs: pages, the front page, search
and the health check.

Reading them needs no session, CSRF token, user or messages, and their
addresses are known in advance. This middleware sits after the security and
static-file middleware and hands GET and HEAD requests for
``/explainers/<slug>/``, ``/``, ``/search/`` and ``/healthz`` straight to the
views the URLconf routes there, skipping the middleware that only serves
logged-in people and URL resolution. That roughly halves the cost of a page
view (see bench/public_page.py), and keeps a flood of searches, most of them
refused by the search rate, from crowding out readers (bench/search_flood.py).
"""

import re

from explainers import views
from newsroom import health

# Same shape as the URLconf's <slug:slug> converter.
EXPLAINER_PAGE = re.compile(r"^/explainers/(?P<slug>[-a-zA-Z0-9_]+)/$")
EXACT = {"/": views.home, "/search/": views.search, "/healthz": health.healthz}


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            view = EXACT.get(request.path_info)
            response = None
            if view is not None:
                response = view(request)
            elif match := EXPLAINER_PAGE.match(request.path_info):
                response = views.explainer_detail(request, match["slug"])
            if response is not None:
                # What XFrameOptionsMiddleware would have added further down.
                response.headers.setdefault("X-Frame-Options", "DENY")
                return response
        return self.get_response(request)
