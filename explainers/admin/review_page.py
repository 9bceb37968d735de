"""One page to review an explainer: every claim in its sentence, with its sources.

The reviewer reads each statistic where it stands in the text, with its
citations' quoted passages and links to the source document and its archived
copy, and decides each claim in place (or approves several at once); the
explainer-level steps sit on the same page. Each decision is still one
``statistic_approve``/``statistic_reject`` call per claim, carrying the
version the reviewer saw.
"""

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from explainers import selectors
from explainers.admin import views as admin_views
from explainers.digest import review_is_current
from explainers.figures import format_value
from explainers.models import Explainer, Statistic
from explainers.services import review
from explainers.tokens import STAT_TOKEN
from newsroom.errors import REFUSALS, describe_refusal
from newsroom.second_factor import REFUSAL as SECOND_FACTOR_REFUSAL
from newsroom.second_factor import second_factor_verified

# A sentence ends at ., ! or ? followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# Markdown a reviewer need not see in a quoted sentence: heading and list marks,
# emphasis.
_MARKUP = re.compile(r"^\s*(?:#{1,6}|[-*+]|\d+\.)\s+|\*\*|__")

Pending = Statistic.ReviewState.PENDING


def _sentence_html(sentence: str, key: str, shown: dict[str, str]) -> SafeString:
    """The sentence with every token read as its display text, ``key``'s marked."""
    sentence = _MARKUP.sub("", sentence)
    parts = []
    cursor = 0
    for match in STAT_TOKEN.finditer(sentence):
        parts.append(escape(sentence[cursor : match.start()]))
        text = shown.get(match.group(1), match.group(0))
        if match.group(1) == key:
            parts.append(format_html("<mark>{}</mark>", text))
        else:
            parts.append(escape(text))
        cursor = match.end()
    parts.append(escape(sentence[cursor:]))
    return mark_safe("".join(parts))


def token_sentences(
    texts: list[tuple[str, str]], shown: dict[str, str]
) -> dict[str, list[dict]]:
    """Maps each statistic key to the sentences that place it.

    ``texts`` are (where, Markdown) pairs; ``shown`` maps keys to display text.
    """
    found: dict[str, list[dict]] = {}
    for where, text in texts:
        for sentence in _SENTENCE_END.split(text or ""):
            for key in dict.fromkeys(m.group(1) for m in STAT_TOKEN.finditer(sentence)):
                found.setdefault(key, []).append(
                    {"where": where, "html": _sentence_html(sentence, key, shown)}
                )
    return found


@dataclass
class Claim:
    statistic: Statistic
    citations: list
    sentences: list[dict]
    lapsed: bool
    value: str
    next_pending_id: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.statistic.review_state == Pending


def claims_of(context: selectors.GateContext) -> list[Claim]:
    """Every statistic with what a reviewer reads, from content loaded once."""
    explainer = context.explainer
    shown = {s.key: s.display_text for s in context.statistics}
    texts = [("Body", explainer.body)] + [
        (f"Box “{box.title}”", box.body) for box in context.boxes
    ]
    sentences = token_sentences(texts, shown)
    claims = []
    for statistic in context.statistics:
        citations = list(statistic.citations.all())
        approved = statistic.review_state == Statistic.ReviewState.APPROVED
        claims.append(
            Claim(
                statistic=statistic,
                citations=citations,
                sentences=sentences.get(statistic.key, []),
                lapsed=approved and not review_is_current(statistic, citations),
                value=format_value(statistic.value),
            )
        )
    pending = [c.statistic.pk for c in claims if c.pending or c.lapsed]
    for claim in claims:
        later = [pk for pk in pending if pk > claim.statistic.pk]
        claim.next_pending_id = later[0] if later else None
    return claims


def review_url(explainer_id: int, anchor: int | None = None) -> str:
    url = reverse("admin:explainers_explainer_review", args=[explainer_id])
    return f"{url}#stat-{anchor}" if anchor else url


def review_view(request, explainer_id: int, admin_site):
    """The review page: a fixed number of queries for 5 or 50 statistics."""
    if not request.user.has_perm("explainers.view_explainer"):
        raise PermissionDenied("Your role cannot view explainers.")
    get_object_or_404(Explainer.objects.only("pk"), pk=explainer_id)
    context = selectors.load_context(explainer_id)
    explainer = context.explainer
    claims = claims_of(context)
    can_review = request.user.has_perm("explainers.review_statistic")
    refusal = None
    if can_review:
        authors = {a.pk for a in explainer.authors.all()} | {explainer.created_by_id}
        if request.user.pk in authors:
            refusal = (
                "You are an author of this explainer; another reviewer must "
                "review its statistics (four eyes)."
            )
        elif not second_factor_verified(request.user):
            refusal = SECOND_FACTOR_REFUSAL
    open_claims = [c for c in claims if c.pending or c.lapsed]
    page = {
        **admin_site.each_context(request),
        **admin_views.workflow_context(request, explainer, context=context),
        "title": f"Review “{explainer.title}”",
        "explainer": explainer,
        "original": explainer,
        "opts": Explainer._meta,
        "claims": claims,
        "open_count": len(open_claims),
        "first_open": open_claims[0].statistic.pk if open_claims else None,
        "review_can": can_review and refusal is None,
        "review_refusal": refusal if can_review else None,
        "decide_url": reverse(
            "admin:explainers_explainer_review_decide", args=[explainer.pk]
        ),
        "review_url": review_url(explainer.pk),
    }
    return TemplateResponse(request, "admin/explainers/explainer/review.html", page)


def _decide_one(request, statistic_id: int, decision: str, note: str, version):
    """Takes one decision through the claim-review service; returns the refusal."""
    decide = {"approve": review.statistic_approve, "reject": review.statistic_reject}
    try:
        decide[decision](
            statistic_id=statistic_id,
            actor=request.user,
            note=note,
            expected_version=version,
        )
    except REFUSALS as exc:
        return describe_refusal(exc)
    return None


def decide_view(request, explainer_id: int):
    """Approves or rejects one claim, or approves the selected ones.

    Every decision names the explainer version the reviewer saw. A decision
    does not change that version, so each claim of a batch is decided against
    it in turn; if someone edits the explainer meanwhile, the remaining
    decisions are refused as stale and nothing is decided on content the
    reviewer did not see.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer.objects.only("pk"), pk=explainer_id)
    version = admin_views.posted_version(request)
    decision = request.POST.get("decision", "")
    note = request.POST.get("note", "")
    if decision == "approve_selected":
        wanted, decision = request.POST.getlist("selected"), "approve"
    else:
        wanted = [request.POST.get("statistic", "")]
    try:
        ids = [int(pk) for pk in wanted]
    except ValueError:
        ids = []
    keys = dict(
        Statistic.objects.filter(explainer=explainer, pk__in=ids).values_list(
            "pk", "key"
        )
    )
    if decision not in {"approve", "reject"} or not ids or set(ids) - set(keys):
        messages.error(
            request,
            "Choose at least one statistic of this explainer, and approve or reject.",
        )
        return HttpResponseRedirect(review_url(explainer.pk))
    done = []
    for pk in ids:
        refusal = _decide_one(request, pk, decision, note, version)
        if refusal:
            messages.error(request, f"'{keys[pk]}' was not decided: {refusal}")
        else:
            done.append(keys[pk])
    if done:
        verb = "Approved" if decision == "approve" else "Rejected"
        messages.success(request, f"{verb}: {', '.join(done)}.")
    return HttpResponseRedirect(review_url(explainer.pk, _next_open(explainer, ids)))


def _next_open(explainer: Explainer, decided: list[int]) -> int | None:
    """The next claim still waiting after the last one decided (or the first)."""
    waiting = list(
        Statistic.objects.filter(explainer=explainer, review_state=Pending)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    later = [pk for pk in waiting if pk > max(decided)]
    after = later or waiting
    return after[0] if after else None
