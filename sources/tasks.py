"""Background jobs of the sources app: link checks and archive copies.

Each calls the service in ``sources.links.services`` that the admin and
``manage.py check_sources`` call too.
"""

from datetime import timedelta

from django.conf import settings

from jobs import job, periodic
from sources.links import services

# The sweep runs often and checks only what is due, in a bounded batch: a
# long schedule (LINK_CHECK_INTERVAL_HOURS) then spreads over many sweeps.
SWEEP_EVERY = timedelta(minutes=settings.LINK_CHECK_SWEEP_MINUTES)


@periodic(every=SWEEP_EVERY)
@job(time_limit=15 * 60, retries=0, exclusive=True)
def check_due_links() -> dict[str, int]:
    """Checks a batch of the links that are due; returns counts by outcome."""
    if not settings.LINK_CHECK_ENABLED:
        return {}
    # Starts no check after ten minutes: the running ones end within their
    # timeouts, well inside the time limit; the rest wait for the next sweep.
    summary = services.link_checks_due(seconds=10 * 60)
    return {**summary.outcomes, "left for the next sweep": summary.skipped}


@job(time_limit=120, retries=3, exclusive=True)
def check_source_link(source_id: int) -> str:
    """Checks one source now (its first check records the cited fingerprint)."""
    summary = services.link_checks_run(services.sources_by_id([source_id]))
    return ", ".join(summary.outcomes) or "nothing to check"


@job(time_limit=180, retries=5, backoff=120, exclusive=True)
def archive_source(source_id: int) -> str:
    """Asks the archive service for a copy and records it on the source."""
    source = services.source_archive(source_id=source_id)
    return source.archive_url or "not archived"
