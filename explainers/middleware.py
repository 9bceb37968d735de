"""A short path for the hottest public URL: a published explainer's page.

Reading a published page needs no session, CSRF token, user or messages, and
its address is known in advance. This middleware sits after the security and
static-file middleware and hands ``/explainers/<slug>/`` GET and HEAD requests
straight to the same view the URLconf routes there, skipping the middleware
that only serves logged-in people and URL resolution. That roughly halves the
cost of a page view (see bench/public_page.py).
"""

import re

from explainers import views

# Same shape as the URLconf's <slug:slug> converter.
EXPLAINER_PAGE = re.compile(r"^/explainers/(?P<slug>[-a-zA-Z0-9_]+)/$")


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            match = EXPLAINER_PAGE.match(request.path_info)
            if match:
                response = views.explainer_detail(request, match["slug"])
                # What XFrameOptionsMiddleware would have added further down.
                response.headers.setdefault("X-Frame-Options", "DENY")
                return response
        return self.get_response(request)
