"""The source admin's link health: the recent checks and a "check now" action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from newsroom.actors import request_actor
from sources.links import services
from sources.models import Source

# Enough to see a pattern; the rest is in the database.
RECENT_CHECKS = 20


class LinkHealthAdminMixin:
    actions = ["check_links_now"]

    @admin.display(description="Link checks")
    def link_health(self, obj: Source) -> str:
        if not obj.pk:
            return "—"
        checks = list(obj.link_checks.all()[:RECENT_CHECKS])
        summary = format_html(
            "<p>Last checked: {}. Next check: {}. Failed checks in a row: {}."
            " Fingerprint when cited: {}.</p>",
            obj.link_checked_at or "never",
            obj.link_check_due or "not scheduled (not cited)",
            obj.link_failures,
            obj.cited_fingerprint[:12] or "none yet",
        )
        if not checks:
            return summary
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{} ms</td><td>{}</td></tr>",
            (
                (
                    check.checked_at,
                    check.get_outcome_display(),
                    check.status_code or "—",
                    " → ".join(
                        [str(hop["url"]) for hop in check.redirects] + [check.final_url]
                    )
                    if check.redirects
                    else check.final_url or check.url,
                    check.fingerprint[:12],
                    check.elapsed_ms,
                    check.error,
                )
                for check in checks
            ),
        )
        return format_html(
            "{}<table><thead><tr><th>Checked</th><th>Outcome</th><th>HTTP</th>"
            "<th>Address (redirects)</th><th>Fingerprint</th><th>Time</th>"
            "<th>Error</th></tr></thead><tbody>{}</tbody></table>",
            summary,
            rows,
        )

    @admin.action(description="Check the selected sources' links now")
    def check_links_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        try:
            summary = services.link_checks_now(
                actor=request_actor(request),
                source_ids=list(queryset.values_list("pk", flat=True)),
            )
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)  # type: ignore[attr-defined]
            return
        counts = ", ".join(
            f"{count} {outcome}" for outcome, count in sorted(summary.outcomes.items())
        )
        self.message_user(  # type: ignore[attr-defined]
            request, f"Checked {summary.checked} link(s): {counts or 'none'}."
        )
