"""The workflow in the admin: checklist, transition buttons, claim review, queue.

Views here translate a person's click into one service call and its outcome
into a message; the rules live in the services and the gate.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme

from explainers import gate, selectors
from explainers.admin import checklist, citing_in_place
from explainers.digest import review_is_current
from explainers.errors import PublicationBlocked
from explainers.figures import format_value
from explainers.models import Explainer, PublishedRevision, Statistic, TransitionLog
from explainers.permissions import (
    statistic_review_refusal,
    transition_refusal,
    user_can_edit,
    user_can_waive,
)
from explainers.rendering import FINDING_END, FINDING_START, mark_findings
from explainers.services import review, transitions
from explainers.services.findings import finding_waive, statistic_create_from_finding
from explainers.services.restore import explainer_restore
from explainers.snapshot import build_snapshot
from explainers.versions import compare, default_baseline, group_by_save, version_at
from explainers.views import render_page
from explainers.workflow import EDIT_RESETS_TO_DRAFT, TRANSITIONS, is_legal
from newsroom.errors import REFUSALS, describe_refusal


def problem_link(problem: gate.Problem, explainer: Explainer) -> str:
    """Returns the admin URL where ``problem`` is fixed."""
    location = problem.location
    if "source" in location:
        return reverse("admin:sources_source_change", args=[location["source"]])
    if "statistic_id" in location:
        return reverse(
            "admin:explainers_statistic_change", args=[location["statistic_id"]]
        )
    change = reverse("admin:explainers_explainer_change", args=[explainer.pk])
    field = location.get("field")
    if field in {"title", "standfirst", "body", "correction_note"}:
        return f"{change}#id_{field}"
    if field in {"box_title", "box_body"}:
        return f"{change}#boxes-group"
    if field == "conflict" and explainer.conflict_id:
        return reverse("admin:explainers_conflict_change", args=[explainer.conflict_id])
    return change


def highlight(sentence: str, phrase: str):
    """Returns the sentence with the phrase marked, everything escaped."""
    before, found, after = sentence.partition(phrase)
    if not found:
        return escape(sentence)
    return format_html("{}<mark>{}</mark>{}", before, found, after)


def workflow_context(
    request,
    explainer: Explainer,
    *,
    context: selectors.GateContext | None = None,
    cite: bool = False,
) -> dict:
    """Everything the workflow panel on the change page shows.

    ``context`` is the explainer's content when the caller loaded it already;
    with ``cite``, each uncited statistic's item carries a form to cite it.
    """
    context = context or selectors.load_context(explainer.pk)
    found = gate.problems(explainer, context=context)
    available = []
    for name, transition in TRANSITIONS.items():
        legal = is_legal(
            name,
            state=explainer.state,
            has_live_revision=bool(explainer.live_revision_id),
        )
        # A gated transition is offered before it is legal, so that the gate
        # can say what is missing; never again to what it already reached.
        if not (legal or transition.gated) or explainer.state == transition.target:
            continue
        refusal = transition_refusal(request.user, explainer, name)
        if refusal and not request.user.has_perm(transition.permission):
            continue  # Not this person's job: no button at all.
        available.append(
            {
                "name": name,
                "label": transition.label,
                "comment_required": transition.comment_required,
                "refusal": refusal,
                "url": reverse(
                    "admin:explainers_explainer_transition", args=[explainer.pk, name]
                ),
            }
        )
    items = [
        {
            "problem": p,
            "link": problem_link(p, explainer),
            "highlight": highlight(p.location["sentence"], p.location["phrase"])
            if p.code == "uncited_number"
            else None,
            # Titles and standfirsts are plain text: no token, no footnote.
            "makeable": p.location.get("field") not in gate.PLAIN_TEXT_FIELDS,
            "whose": checklist.whose(p.code, request.user),
            "fix": checklist.fix_text(p.code, p.fix, explainer),
        }
        for p in found
    ]
    if cite and user_can_edit(request.user):
        can_add = request.user.has_perm("sources.add_source")
        for p, item in zip(found, items, strict=True):
            if p.code == "uncited_number" and item["makeable"]:
                prefix = citing_in_place.make_prefix(p.location["fingerprint"])
                item["make_form"] = citing_in_place.MakeAndCiteForm(
                    prefix=prefix, can_add_source=can_add
                )
                item["make_prefix"] = prefix
        uncited = {
            p.location["statistic_id"]: item
            for p, item in zip(found, items, strict=True)
            if p.code == "statistic_uncited"
        }
        for pk, form in citing_in_place.cite_forms(
            request, explainer, list(uncited)
        ).items():
            uncited[pk]["cite_form"] = form
    blocking = gate.blocking(found)
    mine = [i for i in items if i["whose"] == "you"]
    # The reviewer's comment stands at the top while it is being answered.
    requested = (
        TransitionLog.objects.filter(explainer=explainer, transition="request_changes")
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
        if explainer.state == Explainer.State.CHANGES_REQUESTED
        else None
    )
    changed_figures = gate.changed_published_statistics(context)
    approved = [
        s
        for s in context.statistics
        if s.review_state == Statistic.ReviewState.APPROVED
    ]
    return {
        "workflow_problems": items,
        "workflow_mine": mine,
        "workflow_theirs": [i for i in items if i["whose"] != "you"],
        "workflow_theirs_label": checklist.others_label(request.user),
        "workflow_next": checklist.next_step(
            explainer,
            request.user,
            mine=len([i for i in mine if i["problem"] in blocking]),
            blocking=len(blocking),
        ),
        "workflow_requested": requested,
        # What publishing this version changes for readers (the publish form).
        "workflow_changed_figures": changed_figures,
        "workflow_needs_correction": bool(
            changed_figures and not explainer.correction_note.strip()
        ),
        # Said before saving: what an edit here would undo.
        "lapse_warning": {
            "approved": approved,
            "resets": explainer.state in EDIT_RESETS_TO_DRAFT,
            "published": bool(explainer.live_revision_id),
        }
        if user_can_edit(request.user)
        and (approved or explainer.state in EDIT_RESETS_TO_DRAFT)
        else None,
        "cite_url": reverse("admin:explainers_explainer_cite", args=[explainer.pk]),
        "review_page_url": reverse(
            "admin:explainers_explainer_review", args=[explainer.pk]
        ),
        "finding_can_make": user_can_edit(request.user),
        "finding_can_waive": user_can_waive(request.user),
        "finding_url": reverse(
            "admin:explainers_explainer_finding", args=[explainer.pk]
        ),
        "workflow_blocking": len(blocking),
        "workflow_transitions": available,
        "workflow_log": TransitionLog.objects.filter(
            explainer=explainer
        ).select_related("actor")[:20],
    }


def posted_version(request) -> int | None:
    """The explainer version the person was looking at when they clicked."""
    try:
        return int(request.POST["expected_version"])
    except (KeyError, ValueError):
        return None


def _report(request, exc: Exception) -> None:
    """Shows a service's refusal on the page the person comes back to."""
    message = describe_refusal(exc)
    if isinstance(exc, PublicationBlocked):
        message += " See the publication checklist: each item says what to fix."
    messages.error(request, message)


def _back_to(request, default: str) -> str:
    """The page the form came from (``next``), if it is on this site."""
    wanted = request.POST.get("next", "")
    if wanted.startswith("/admin/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    ):
        return wanted
    return default


def transition_view(request, explainer_id: int, name: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer, pk=explainer_id)
    change_url = _back_to(
        request, reverse("admin:explainers_explainer_change", args=[explainer.pk])
    )
    if name not in TRANSITIONS:
        messages.error(request, "Unknown workflow step.")
        return HttpResponseRedirect(change_url)
    try:
        outcome = transitions.TRANSITION_SERVICES[name](
            explainer_id=explainer.pk,
            actor=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=posted_version(request),
        )
    except REFUSALS as exc:
        _report(request, exc)
    else:
        if isinstance(outcome, PublishedRevision):
            messages.success(request, f"Published as revision {outcome.number}.")
        else:
            messages.success(request, f"{TRANSITIONS[name].label}: done.")
    return HttpResponseRedirect(change_url)


def _figure(statistic: Statistic) -> str:
    """The value and unit read from the phrase, as people write them."""
    return " ".join(
        part for part in (format_value(statistic.value), statistic.unit) if part
    )


def finding_view(request, explainer_id: int):
    """Acts on one detected number: make it a statistic, or waive it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer, pk=explainer_id)
    change_url = reverse("admin:explainers_explainer_change", args=[explainer.pk])
    fingerprint = request.POST.get("fingerprint", "")
    try:
        if request.POST.get("action") == "make_statistic":
            prefix = request.POST.get("cite_prefix", "")
            cite = citing_in_place.MakeAndCiteForm(
                request.POST,
                prefix=prefix
                if citing_in_place.MAKE_PREFIX.fullmatch(prefix)
                else "make",
            )
            if not cite.is_valid():
                messages.error(request, "The source chosen does not exist.")
                return HttpResponseRedirect(change_url)
            statistic = statistic_create_from_finding(
                explainer_id=explainer.pk,
                actor=request.user,
                fingerprint=fingerprint,
                citation=cite.citation(),
                expected_version=posted_version(request),
            )
            figure = _figure(statistic)
            if cite.citation():
                messages.success(
                    request,
                    f"'{statistic.display_text}' is now statistic "
                    f"'{statistic.key}' ({figure}), citing "
                    f"{cite.cleaned_data['source']}. A reviewer approves it next.",
                )
                return HttpResponseRedirect(f"{change_url}#workflow-heading")
            messages.success(
                request,
                f"'{statistic.display_text}' is now statistic '{statistic.key}'"
                + (f" ({figure})" if figure else "")
                + ". Cite its source in the checklist; a reviewer approves it next.",
            )
            return HttpResponseRedirect(f"{change_url}#cite-{statistic.pk}")
        if request.POST.get("action") == "waive":
            waiver = finding_waive(
                explainer_id=explainer.pk,
                actor=request.user,
                fingerprint=fingerprint,
                reason=request.POST.get("reason", ""),
                expected_version=posted_version(request),
            )
            messages.success(request, f"Waived '{waiver.phrase}'.")
        else:
            messages.error(request, "Unknown action.")
    except REFUSALS as exc:
        _report(request, exc)
    return HttpResponseRedirect(change_url)


def statistic_review_view(request, statistic_id: int, decision: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    statistic = get_object_or_404(Statistic, pk=statistic_id)
    back = reverse("admin:explainers_statistic_change", args=[statistic.pk])
    note = request.POST.get("note", "")
    try:
        if decision == "approve":
            review.statistic_approve(
                statistic_id=statistic.pk,
                actor=request.user,
                note=note,
                expected_version=posted_version(request),
            )
            messages.success(request, f"Approved '{statistic.key}'.")
        elif decision == "reject":
            review.statistic_reject(
                statistic_id=statistic.pk,
                actor=request.user,
                note=note,
                expected_version=posted_version(request),
            )
            messages.success(request, f"Rejected '{statistic.key}'.")
        else:
            messages.error(request, "Unknown review decision.")
    except REFUSALS as exc:
        _report(request, exc)
    return HttpResponseRedirect(back)


def statistic_review_context(request, statistic: Statistic) -> dict:
    citations = list(statistic.citations.select_related("source"))
    lapsed = (
        statistic.review_state == Statistic.ReviewState.APPROVED
        and not review_is_current(statistic, citations)
    )
    can_review = request.user.has_perm("explainers.review_statistic")
    return {
        "review_can": can_review,
        "review_refusal": statistic_review_refusal(request.user, statistic)
        if can_review
        else None,
        "review_lapsed": lapsed,
        "review_version": statistic.explainer.version,
        "review_uncited": not citations,
        "review_approve_url": reverse(
            "admin:explainers_statistic_review", args=[statistic.pk, "approve"]
        ),
        "review_reject_url": reverse(
            "admin:explainers_statistic_review", args=[statistic.pk, "reject"]
        ),
    }


# The oldest items come first; a queue longer than this is work for a desk
# meeting, not a page.
QUEUE_LIMIT = 100


def review_queue_view(request, admin_site):
    """Explainers waiting in review and statistics pending approval, oldest first."""
    if not (
        request.user.has_perm("explainers.review_explainer")
        or request.user.has_perm("explainers.review_statistic")
    ):
        raise PermissionDenied("The review queue is for reviewers.")
    explainers = (
        Explainer.objects.filter(state=Explainer.State.IN_REVIEW)
        .select_related("last_edited_by", "conflict")
        .order_by("updated_at")
    )
    statistics = (
        Statistic.objects.filter(review_state=Statistic.ReviewState.PENDING)
        .exclude(explainer__state=Explainer.State.ARCHIVED)
        .select_related("explainer", "last_edited_by")
        .order_by("updated_at")
    )
    context = {
        **admin_site.each_context(request),
        "title": "Review queue",
        "queue_explainers": explainers[:QUEUE_LIMIT],
        "queue_explainers_count": explainers.count(),
        "queue_statistics": statistics[:QUEUE_LIMIT],
        "queue_statistics_count": statistics.count(),
        "queue_limit": QUEUE_LIMIT,
    }
    return TemplateResponse(request, "admin/explainers/review_queue.html", context)


def versions_view(request, explainer_id: int, admin_site):
    """Lists an explainer's versions and compares any two of them."""
    explainer = get_object_or_404(Explainer, pk=explainer_id)
    if not request.user.has_perm("explainers.view_explainer"):
        raise PermissionDenied("Your role cannot view explainers.")
    records = list(
        explainer.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[:200]
    )
    comparison = old = new = None
    ids = {r.history_id for r in records}
    try:
        old_id = int(request.GET.get("from", 0))
        new_id = int(request.GET.get("to", 0))
    except ValueError:
        old_id = new_id = 0
    baseline = ""
    if not (old_id or new_id) and records:
        # Opened without a choice: what changed since readers last saw it
        # (or since the last review), which is what the reviewer asks.
        baseline_id, baseline = default_baseline(explainer)
        old_id, new_id = baseline_id or 0, records[0].history_id
        ids.add(old_id)
    if old_id in ids and new_id in ids:
        old, new = version_at(explainer, old_id), version_at(explainer, new_id)
        comparison = compare(old, new)
    saves = group_by_save(records)
    between = [
        save
        for save in saves
        if old and new and old.when < save.record.history_date <= new.when
    ]
    context = {
        **admin_site.each_context(request),
        "title": f"Versions of “{explainer.title}”",
        "explainer": explainer,
        "opts": Explainer._meta,
        "records": records,
        "comparison": comparison,
        "old": old,
        "new": new,
        "baseline": baseline,
        "saves": saves,
        "saves_between": between,
        "can_restore": user_can_edit(request.user),
        "restore_url": reverse(
            "admin:explainers_explainer_restore", args=[explainer.pk]
        ),
    }
    return TemplateResponse(
        request, "admin/explainers/explainer/versions.html", context
    )


def restore_view(request, explainer_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    explainer = get_object_or_404(Explainer, pk=explainer_id)
    change_url = reverse("admin:explainers_explainer_change", args=[explainer.pk])
    try:
        history_id = int(request.POST.get("history_id", ""))
        notes = explainer_restore(
            explainer_id=explainer.pk,
            actor=request.user,
            history_id=history_id,
            expected_version=posted_version(request),
        )
    except (ValueError, explainer.history.model.DoesNotExist):
        messages.error(request, "That version does not exist.")
        return HttpResponseRedirect(change_url)
    except REFUSALS as exc:
        _report(request, exc)
        return HttpResponseRedirect(change_url)
    messages.success(
        request,
        "The earlier version is restored as a draft; it needs review before it "
        "is published. What readers see has not changed.",
    )
    for note in notes:
        messages.warning(request, note)
    return HttpResponseRedirect(change_url)


def preview_view(request, explainer_id: int):
    """The draft as readers would see it, for staff only and never cached."""
    if not request.user.has_perm("explainers.view_explainer"):
        raise PermissionDenied("Your role cannot view explainers.")
    get_object_or_404(Explainer, pk=explainer_id)
    context = selectors.load_context(explainer_id)
    _mark_findings_in_place(context)
    content_tree, html = build_snapshot(context)
    html = {
        "body": mark_findings(html["body"]),
        "boxes": [{**box, "html": mark_findings(box["html"])} for box in html["boxes"]],
    }
    now = timezone.now()
    page = render_page(
        request,
        content=content_tree,
        html=html,
        updates=[],
        published_at=context.explainer.first_published_at or now,
        updated_at=now,
        was_updated=False,
        preview=True,
    )
    response = HttpResponse(page)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _mark_findings_in_place(context) -> None:
    """Wraps each detected number of body and boxes in markers, in memory only."""
    texts = {"body": context.explainer}
    boxes = {box.pk: box for box in context.boxes}
    for finding in sorted(context.findings, key=lambda f: f.start, reverse=True):
        field = finding.field
        if field.name == "body":
            target, attribute = texts["body"], "body"
        elif field.name == "box_body":
            target, attribute = boxes[field.box_id], "body"
        else:
            continue  # Titles and the standfirst are plain text, not Markdown.
        text = getattr(target, attribute)
        setattr(
            target,
            attribute,
            f"{text[: finding.start]}{FINDING_START}{text[finding.start : finding.end]}"
            f"{FINDING_END}{text[finding.end :]}",
        )
