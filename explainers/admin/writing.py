"""The body's live preview: Markdown rendered by the public page's own code.

``static/explainers/admin/writing.js`` posts the text as it is typed; the
answer is the sanitised HTML the published page would show, statistics placed
with their display text and footnote marks.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from explainers import selectors
from explainers.models import Explainer
from explainers.models.explainer import MAX_BODY_CHARS
from explainers.permissions import user_can_edit
from explainers.rendering import render_markdown
from explainers.snapshot import build_snapshot


def render_view(request, explainer_id: int):
    """Renders the posted ``text`` as the body of explainer ``explainer_id``
    (0 for one not saved yet), in memory only."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not user_can_edit(request.user):
        raise PermissionDenied("Your role cannot edit explainers.")
    text = request.POST.get("text", "")
    if len(text) > MAX_BODY_CHARS:
        return HttpResponseBadRequest(
            f"The text is longer than {MAX_BODY_CHARS:,} characters; it cannot "
            "be saved or previewed."
        )
    if explainer_id and Explainer.objects.filter(pk=explainer_id).exists():
        context = selectors.load_context(explainer_id)
        context.explainer.body = text  # Never saved: the preview only.
        _, html = build_snapshot(context)
        body = html["body"]
    else:
        body = render_markdown(text)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    add_never_cache_headers(response)
    return response
