"""Records shown for reading, and the plain list of conflicts.

Boxes' history (they are edited on their explainer), the audit trail,
published revisions, corrections and waivers.
"""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from explainers.models import (
    BackgroundBox,
    Conflict,
    Correction,
    PublishedRevision,
    TransitionLog,
    Waiver,
)
from newsroom.read_only_admin import ReadOnlyAdminMixin


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records written only by the workflow: visible, never editable here."""


@admin.register(BackgroundBox)
class BackgroundBoxAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Boxes are edited inline on their explainer; this page shows their history."""

    list_display = ["title", "kind", "explainer", "position"]
    search_fields = ["title", "body"]


@admin.register(Conflict)
class ConflictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "explainer",
        "transition",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["transition", "to_state"]
    search_fields = ["explainer__title", "comment"]
    list_select_related = ["explainer", "actor"]


@admin.register(PublishedRevision)
class PublishedRevisionAdmin(ReadOnlyAdmin):
    list_display = ["explainer", "number", "published_at", "published_by"]
    list_select_related = ["explainer", "published_by"]
    exclude = ["content", "html"]
    readonly_fields = ["explainer", "number", "published_at", "published_by", "summary"]

    @admin.display(description="Content")
    def summary(self, obj):
        content_tree = obj.content
        return format_html(
            "{} statistics, {} sources, {} boxes",
            len(content_tree.get("statistics", [])),
            len(content_tree.get("sources", [])),
            len(content_tree.get("boxes", [])),
        )


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["explainer", "created_at", "text"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["phrase", "explainer", "field", "waived_by", "created_at"]
    search_fields = ["phrase", "sentence", "reason"]
