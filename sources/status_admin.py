"""The source admin's editorial status and uses: what cites the source, and a
page that marks it current, corrected or retracted through the service."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from sources import citing, services
from sources.models import Source

# Rows of each kind on the change page; the API lists up to 500.
ADMIN_USES_LIMIT = 100


class SourceStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Source.Status.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=services.STATUS_NOTE_MAX,
        help_text="Required when corrected or retracted: what the publisher "
        "changed or why it withdrew the source. Readers see it for a retraction.",
    )


def _list(items, empty: str):
    if not items:
        return format_html("<p>{}</p>", empty)
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items))


class SourceStatusAdminMixin:
    @admin.display(description="Editorial status")
    def editorial_status(self, obj: Source) -> str:
        if not obj.pk:
            return "—"
        change = format_html(
            ' <a class="button" href="{}">Change status</a>',
            reverse("admin:sources_source_status", args=[obj.pk]),
        )
        when = (
            format_html(
                " (by {}, {})",
                obj.status_changed_by or "someone",
                date_format(obj.status_changed_at, "j F Y"),
            )
            if obj.status_changed_at
            else ""
        )
        return format_html(
            "<strong>{}</strong>{}{}{}",
            obj.get_status_display(),
            when,
            format_html("<br>{}", obj.status_note) if obj.status_note else "",
            change,
        )

    @admin.display(description="Cited by")
    def used_by(self, obj: Source) -> str:
        if not obj.pk:
            return "—"
        uses = citing.uses(obj, limit=ADMIN_USES_LIMIT)
        statistic = "admin:explainers_statistic_change"
        explainer = "admin:explainers_explainer_change"
        statistics = [
            (
                format_html(
                    '<a href="{}">{}</a> ({}) in <a href="{}">{}</a>',
                    reverse(statistic, args=[s["id"]]),
                    s["display_text"],
                    s["review_state"],
                    reverse(explainer, args=[s["explainer_id"]]),
                    s["explainer_title"],
                ),
            )
            for s in uses.statistics
        ]
        explainers = [
            (
                format_html(
                    '<a href="{}">{}</a>: {}{}',
                    reverse(explainer, args=[e["id"]]),
                    e["title"],
                    e["state"].replace("_", " "),
                    ", live revision cites it" if e["live_cites"] else "",
                ),
            )
            for e in uses.explainers
        ]
        revisions = [
            (
                format_html(
                    "{} revision {} ({}){}",
                    r["explainer_title"],
                    r["number"],
                    date_format(r["published_at"], "j F Y"),
                    ", live" if r["live"] else "",
                ),
            )
            for r in uses.revisions
        ]
        more = (
            format_html(
                "<p>Only the first {} of each are shown ({}); the newsroom API "
                "lists more.</p>",
                ADMIN_USES_LIMIT,
                ", ".join(uses.truncated),
            )
            if uses.truncated
            else ""
        )
        return format_html(
            "<h4>Statistics</h4>{}<h4>Explainers</h4>{}"
            "<h4>Published revisions</h4>{}{}",
            _list(statistics, "No statistic cites it."),
            _list(explainers, "No explainer cites it."),
            _list(revisions, "No published revision cites it."),
            more,
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.status_view)  # type: ignore[attr-defined]
        return [
            path("<int:source_id>/status/", view, name="sources_source_status"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def status_view(self, request, source_id: int):
        source = get_object_or_404(Source, pk=source_id)
        if not request.user.has_perm("sources.mark_source_status"):
            raise PermissionDenied
        form = SourceStatusForm(
            request.POST or None,
            initial={"status": source.status, "note": source.status_note},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.source_mark_status(
                    source_id=source.pk,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                source.refresh_from_db()
                messages.success(
                    request,
                    f"'{source}' is marked {source.get_status_display().lower()}; "
                    "approvals of the claims citing it lapsed where it was "
                    "corrected or retracted.",
                )
                return HttpResponseRedirect(
                    reverse("admin:sources_source_change", args=[source.pk])
                )
        return TemplateResponse(
            request,
            "admin/sources/source/status.html",
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "title": f"Editorial status of {source}",
                "source": source,
                "form": form,
                "opts": Source._meta,
                "uses": citing.uses(source, limit=ADMIN_USES_LIMIT),
            },
        )
