"""Staff read what ran, what failed and why; nobody edits the record."""

from django.contrib import admin
from django.http import HttpRequest

from jobs.models import JobRun, Schedule


class RecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(JobRun)
class JobRunAdmin(RecordAdmin):
    list_display = ["task", "status", "attempt", "started_at", "duration", "retry_at"]
    list_filter = ["status", "task"]
    search_fields = ["task", "error"]
    date_hierarchy = "started_at"
    list_per_page = 50
    show_full_result_count = False
    readonly_fields = [f.name for f in JobRun._meta.fields]


@admin.register(Schedule)
class ScheduleAdmin(RecordAdmin):
    list_display = ["name", "every_seconds", "last_run_at", "next_run_at"]
    readonly_fields = ["name", "every_seconds", "last_run_at", "next_run_at"]
