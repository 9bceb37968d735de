from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from newsroom.read_only_admin import ReadOnlyAdminMixin
from sources import services
from sources.links.admin import LinkHealthAdminMixin
from sources.models import Citation, Source
from sources.status_admin import SourceStatusAdminMixin


@admin.register(Source)
class SourceAdmin(SourceStatusAdminMixin, LinkHealthAdminMixin, SimpleHistoryAdmin):
    # Addresses typed without a scheme are taken as https://.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "publisher",
        "kind",
        "published_date",
        "reliability",
        "link_status",
        "status",
    ]
    list_filter = ["kind", "status", "reliability", "link_status", "language"]
    search_fields = ["title", "publisher", "authors", "url", "doi"]
    date_hierarchy = "published_date"
    readonly_fields = [
        "used_by",
        "editorial_status",
        "link_health",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "publisher",
                    "authors",
                    "published_date",
                    "language",
                ]
            },
        ),
        (
            "Where to find it",
            {
                "fields": [
                    "url",
                    "accessed_date",
                    "doi",
                    "link_status",
                    "archive_url",
                    "archive_date",
                ]
            },
        ),
        ("Link health", {"fields": ["link_health"]}),
        ("Reliability", {"fields": ["reliability", "reliability_note"]}),
        ("Editorial status", {"fields": ["editorial_status"]}),
        ("Use", {"fields": ["used_by", "created_by", "created_at", "updated_at"]}),
    ]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            services.source_update(
                source_id=obj.pk, actor=request.user, data=form.cleaned_data
            )
            obj.refresh_from_db()
        else:
            services.source_create(
                actor=request.user, data=form.cleaned_data, source=obj
            )

    def delete_model(self, request, obj):
        services.source_delete(source_id=obj.pk, actor=request.user)


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Citations are edited on their statistic; this page shows their history."""

    list_display = ["statistic", "source", "locator"]
    search_fields = ["statistic__key", "source__title", "quote"]
    list_select_related = ["statistic", "source"]
