"""The explainer page: text, boxes and statistics inline, the workflow panel."""

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from explainers.admin import citing_in_place, review_page
from explainers.admin import scheduling as admin_scheduling
from explainers.admin import views as admin_views
from explainers.admin import writing as admin_writing
from explainers.admin.editing import OneEditAdminMixin, save_formset
from explainers.admin.fields import StatisticInlineForm
from explainers.admin.upkeep import FlaggedSourcesFilter
from explainers.models import (
    BackgroundBox,
    Explainer,
    Statistic,
)
from explainers.services import content
from newsroom.admin_paging import EstimatedCountPaginator

CONTENT_FIELDS = ["title", "slug", "standfirst", "body", "conflict", "correction_note"]


class ExplainerForm(forms.ModelForm):
    # Optimistic locking: the version the editor opened travels with the form.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Explainer
        fields = [
            "title",
            "slug",
            "standfirst",
            "body",
            "conflict",
            "authors",
            "lead_image",
            "correction_note",
        ]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 2}),
            "correction_note": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "body" in self.fields:
            # The live preview beside the body (static/explainers/admin/writing.js).
            self.fields["body"].widget.attrs["data-render-url"] = reverse(
                "admin:explainers_explainer_render", args=[self.instance.pk or 0]
            )

    def clean(self):
        cleaned = super().clean() or {}
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = (
                Explainer.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != expected:
                raise forms.ValidationError(
                    f"Someone else saved this explainer after you opened it (you "
                    f"edited version {expected}, it is now at version {current}). "
                    f"{self._what_changed(expected)}Your text is still in the form "
                    "below: copy what you need, reload the page and apply it again.",
                    code="stale",
                )
        return cleaned

    def _what_changed(self, expected: int) -> str:
        """Describes, from history, who changed which fields since ``expected``."""
        records = self.instance.history.order_by("-history_date", "-history_id")
        latest = records.select_related("history_user").first()
        opened = records.filter(version=expected).first()
        if latest is None or opened is None:
            return ""
        changes = latest.diff_against(opened, included_fields=CONTENT_FIELDS)
        fields = ", ".join(sorted(change.field for change in changes.changes))
        who = latest.history_user or "another user"
        if not fields:
            return f"Last change by {who}: {latest.history_change_reason}. "
        return f"{who} changed: {fields}. "


class BackgroundBoxInline(admin.StackedInline):
    model = BackgroundBox
    extra = 0
    fields = ["position", "kind", "title", "body"]


class StatisticInline(admin.StackedInline):
    """Each statistic as a labelled block, short fields side by side: five
    statistics fit a 1,280 px screen without scrolling sideways."""

    model = Statistic
    form = StatisticInlineForm
    # Fields shown on one line when the inline has them.
    rows = [("key", "display_text"), ("value", "unit", "as_of")]
    extra = 0
    fields = [
        "key",
        "display_text",
        "claim",
        "value",
        "unit",
        "as_of",
        "figure_kind",
        "key_figure",
        "review",
    ]
    readonly_fields = ["review"]
    show_change_link = True
    formfield_overrides = {
        Statistic._meta.get_field("claim").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 40})
        }
    }

    def get_fieldsets(self, request, obj=None):
        fields = list(self.get_fields(request, obj))
        grouped: list = []
        for name in fields:
            row = next((r for r in self.rows if name in r), (name,))
            members = tuple(f for f in row if f in fields)
            if name == members[0]:
                grouped.append(members if len(members) > 1 else name)
        return [(None, {"fields": grouped})]

    @admin.display(description="Review")
    def review(self, obj):
        if not obj.pk:
            return "—"
        return obj.get_review_state_display()


class StatisticSummaryInline(admin.TabularInline):
    """A long explainer's statistics as one line each, linked to their page.

    Fifty editable statistics are six hundred form widgets, which alone take
    the change page past its time budget; past ``StatisticInline``'s limit
    the page lists them and each is edited on its own page (or all of them,
    with ``?edit_statistics=all``).
    """

    model = Statistic
    fields = ("key", "display_text", "value_shown", "unit", "as_of", "review")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "statistics (one line each; open one to edit it)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Value")
    def value_shown(self, obj):
        if obj.value is None:
            return "—"
        return f"{obj.value.normalize():,f}"

    @admin.display(description="Review")
    def review(self, obj):
        return obj.get_review_state_display()


# Up to this many statistics are edited in place on the explainer's page.
STATISTICS_EDITED_INLINE = 20


@admin.register(Explainer)
class ExplainerAdmin(OneEditAdminMixin, SimpleHistoryAdmin):
    form = ExplainerForm
    list_display = ["title", "state", "conflict", "updated_at", "last_edited_by"]
    list_filter = ["state", FlaggedSourcesFilter, "conflict", "authors", "updated_at"]
    # Fragments of a title, slug or standfirst: trigram indexes on PostgreSQL
    # (migration 0008). Bodies are searched on the public site's full text.
    search_fields = ["title", "slug", "standfirst"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conflict", "lead_image"]
    filter_horizontal = ["authors"]
    readonly_fields = [
        "state",
        "version",
        "last_edited_by",
        "created_by",
        "updated_at",
        "statistic_tokens",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "statistic_tokens"]}),
        ("Filing", {"fields": ["conflict", "authors"]}),
        (
            "Images",
            {
                "fields": ["lead_image"],
                "description": "Place an image in the body or a box by typing its "
                "token, e.g. [[image:12]], on a line of its own; the Images page "
                "lists each image's token. Images need alt text, a caption and a "
                "credit before publishing.",
            },
        ),
        (
            "Correction for readers",
            {
                "fields": ["correction_note"],
                "description": "Needed when this version changes a published "
                "figure; published with the next revision.",
            },
        ),
        (
            "Workflow",
            {
                "fields": [
                    "state",
                    "version",
                    "created_by",
                    "last_edited_by",
                    "updated_at",
                    "expected_version",
                ]
            },
        ),
    ]
    inlines = [BackgroundBoxInline, StatisticInline]

    def get_inlines(self, request, obj):
        if (
            obj is not None
            and request.GET.get("edit_statistics") != "all"
            and obj.statistics.count() > STATISTICS_EDITED_INLINE
        ):
            return [BackgroundBoxInline, StatisticSummaryInline]
        return self.inlines

    history_list_display = ["state", "version"]
    # Each record is diffed against the one before: fifty make a page.
    history_list_per_page = 50

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        """The field changes between records, as the base class shows them,
        but without the authors: diffing them reads each record's historical
        authors (two queries a record). A change of authors is still named in
        the record's reason ("Edited authors")."""
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=["authors"],
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    list_select_related = ["conflict", "last_edited_by"]

    class Media:
        js = ["newsroom/admin/stat-picker.js", "explainers/admin/writing.js"]
        css = {"all": ["newsroom/admin/admin.css", "explainers/admin/desk.css"]}

    def view_on_site(self, obj):
        # A draft has no public page yet: staff see the preview instead.
        if obj.live_revision_id:
            return obj.get_absolute_url()
        return reverse("admin:explainers_explainer_preview", args=[obj.pk])

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.first_published_at:
            fields.append("slug")  # A published address never changes.
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.first_published_at:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # The token picker is a writing tool: readers of the page skip it.
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "statistic_tokens"],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description="Insert a statistic")
    def statistic_tokens(self, obj):
        statistics = list(obj.statistics.all()) if obj and obj.pk else []
        if not statistics:
            return (
                "Add statistics below (or turn a detected number into one from the "
                "checklist); their tokens appear here."
            )
        return format_html(
            "{}<p class='help'>Click a statistic to insert its token at the cursor "
            "in the body or a box.</p>",
            format_html_join(
                " ",
                '<button type="button" class="stat-token button" data-token="{}" '
                'title="{}">{} <code>{}</code></button>',
                (
                    (f"[[stat:{s.key}]]", s.claim, s.display_text, s.key)
                    for s in statistics
                ),
            ),
        )

    def get_urls(self):
        extra = [
            path(
                "<int:explainer_id>/transition/<str:name>/",
                self.admin_site.admin_view(admin_views.transition_view),
                name="explainers_explainer_transition",
            ),
            path(
                "<int:explainer_id>/review/",
                self.admin_site.admin_view(
                    lambda request, explainer_id: review_page.review_view(
                        request, explainer_id, self.admin_site
                    )
                ),
                name="explainers_explainer_review",
            ),
            path(
                "<int:explainer_id>/review/decide/",
                self.admin_site.admin_view(review_page.decide_view),
                name="explainers_explainer_review_decide",
            ),
            path(
                "<int:explainer_id>/render/",
                self.admin_site.admin_view(admin_writing.render_view),
                name="explainers_explainer_render",
            ),
            path(
                "<int:explainer_id>/cite/",
                self.admin_site.admin_view(citing_in_place.cite_view),
                name="explainers_explainer_cite",
            ),
            path(
                "<int:explainer_id>/preview/",
                self.admin_site.admin_view(admin_views.preview_view),
                name="explainers_explainer_preview",
            ),
            path(
                "<int:explainer_id>/finding/",
                self.admin_site.admin_view(admin_views.finding_view),
                name="explainers_explainer_finding",
            ),
            path(
                "<int:explainer_id>/versions/",
                self.admin_site.admin_view(
                    lambda request, explainer_id: admin_views.versions_view(
                        request, explainer_id, self.admin_site
                    )
                ),
                name="explainers_explainer_versions",
            ),
            path(
                "<int:explainer_id>/schedule/",
                self.admin_site.admin_view(admin_scheduling.schedule_view),
                name="explainers_explainer_schedule",
            ),
            path(
                "<int:explainer_id>/restore/",
                self.admin_site.admin_view(admin_views.restore_view),
                name="explainers_explainer_restore",
            ),
            path(
                "review-queue/",
                self.admin_site.admin_view(
                    lambda request: admin_views.review_queue_view(
                        request, self.admin_site
                    )
                ),
                name="explainers_review_queue",
            ),
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        explainer = self.get_object(request, object_id)
        if explainer is not None:
            extra_context = {
                **(extra_context or {}),
                **admin_views.workflow_context(request, explainer, cite=True),
                **admin_scheduling.schedule_context(request, explainer),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        content.explainer_delete(explainer_id=obj.pk, actor=request.user)

    def get_actions(self, request):
        # Bulk deletion would skip the services; explainers are removed one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # A new explainer exists before its inlines are added to it; a change
        # is written with the inlines, as one edit (``save_related``).
        if not change:
            content.explainer_create(
                actor=request.user, data=form.cleaned_data, explainer=obj
            )

    def edited_explainer_id(self, form) -> int:
        return form.instance.pk

    def save_form_in(self, edit, form, change):
        # Authors are saved with the rest of the explainer.
        if change:
            edit.explainer_update(form.cleaned_data)

    def save_formset_in(self, edit, formset, explainer):
        if formset.model is BackgroundBox:
            save_formset(
                formset,
                create=lambda f: edit.box_create(f.cleaned_data, box=f.instance),
                update=lambda f: edit.box_update(f.instance.pk, f.cleaned_data),
                delete=lambda box: edit.box_delete(box.pk),
            )
        elif formset.model is Statistic:
            save_formset(
                formset,
                create=lambda f: edit.statistic_create(
                    f.cleaned_data, statistic=f.instance
                ),
                update=lambda f: edit.statistic_update(f.instance.pk, f.cleaned_data),
                delete=lambda statistic: edit.statistic_delete(statistic.pk),
            )
