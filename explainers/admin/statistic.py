"""The statistic page: its citations, and claim review for reviewers."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from explainers.admin import views as admin_views
from explainers.admin.editing import OneEditAdminMixin, save_formset
from explainers.admin.upkeep import StaleFilter
from explainers.models import Statistic
from explainers.services import content
from newsroom.admin_paging import EstimatedCountPaginator
from sources.models import Citation


class StatisticForm(forms.ModelForm):
    # Optimistic locking: the explainer's version when the page was opened.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Statistic
        fields = [
            "explainer",
            "key",
            "claim",
            "display_text",
            "value",
            "unit",
            "as_of",
            "figure_kind",
            "review_interval_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.explainer.version

    def clean(self):
        cleaned = super().clean() or {}
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = self.instance.explainer.version
            if current != expected:
                raise forms.ValidationError(
                    "Someone else changed this explainer after you opened this "
                    "statistic (its text, a statistic or a citation). Your changes "
                    "are still in the form below: copy them, reload the page and "
                    "apply them again.",
                    code="stale",
                )
        return cleaned


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    fields = ["source", "locator", "quote"]
    autocomplete_fields = ["source"]


@admin.register(Statistic)
class StatisticAdmin(OneEditAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "key",
        "display_text",
        "explainer",
        "review_state",
        "as_of",
        "review_due",
        "updated_at",
    ]
    list_filter = [
        "review_state",
        StaleFilter,
        "figure_kind",
        "explainer__conflict",
        "updated_at",
    ]
    # Fragments of a key or display text: trigram indexes on PostgreSQL
    # (migration 0008), over millions of statistics.
    search_fields = ["key", "display_text"]
    list_select_related = ["explainer"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # Newest first on the primary key: a search that matches much of the
    # table finds its first page on the index without sorting every match.
    ordering = ["-id"]
    autocomplete_fields = ["explainer"]
    form = StatisticForm
    fields = [
        "explainer",
        "key",
        "claim",
        "display_text",
        "value",
        "unit",
        "as_of",
        "figure_kind",
        "review_interval_days",
        "expected_version",
    ]
    readonly_fields = ["review_state", "reviewed_by", "reviewed_at", "review_note"]
    inlines = [CitationInline]
    history_list_display = ["review_state"]

    def get_urls(self):
        extra = [
            path(
                "<int:statistic_id>/review/<str:decision>/",
                self.admin_site.admin_view(admin_views.statistic_review_view),
                name="explainers_statistic_review",
            )
        ]
        return extra + super().get_urls()

    def response_change(self, request, obj):
        # A statistic is edited for its explainer: "Save" goes back to it.
        if "_save" in request.POST and "_popup" not in request.POST:
            super().response_change(request, obj)  # Its success message.
            return HttpResponseRedirect(
                reverse("admin:explainers_explainer_change", args=[obj.explainer_id])
            )
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statistic = self.get_object(request, object_id)
        if statistic is not None:
            extra_context = {
                **(extra_context or {}),
                **admin_views.statistic_review_context(request, statistic),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if obj is not None:
            fields += self.readonly_fields
        return fields

    def get_readonly_fields(self, request, obj=None):
        # A statistic stays with the explainer it was created in.
        extra = ["explainer"] if obj is not None else []
        return [*self.readonly_fields, *extra]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def edited_explainer_id(self, form) -> int:
        # A new statistic names its explainer in the form; it never changes.
        return form.instance.explainer_id

    def save_form_in(self, edit, form, change):
        if change:
            edit.statistic_update(form.instance.pk, form.cleaned_data)
        else:
            edit.statistic_create(form.cleaned_data, statistic=form.instance)

    def save_formset_in(self, edit, formset, statistic):
        save_formset(
            formset,
            create=lambda f: edit.citation_create(
                statistic.pk, f.cleaned_data, citation=f.instance
            ),
            update=lambda f: edit.citation_update(f.instance.pk, f.cleaned_data),
            delete=lambda citation: edit.citation_delete(citation.pk),
        )

    def delete_model(self, request, obj):
        content.statistic_delete(statistic_id=obj.pk, actor=request.user)
