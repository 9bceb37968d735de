"""Link checks and archive copies of sources: the one code path.

The admin's "check now", ``manage.py check_sources`` and the jobs in
``sources.tasks`` all call these. HTTP runs on a thread pool; only the
calling thread touches the database, so a check's result is written in one
short transaction after its requests are done.
"""

import datetime
import logging
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from newsroom.actors import Actor
from sources.links.archive import archive_configured, request_capture
from sources.links.checker import Checker, CheckResult
from sources.models import LinkCheck, Source
from sources.services import require_source_edit

logger = logging.getLogger(__name__)

Outcome = LinkCheck.Outcome
Status = Source.LinkStatus

# A claimed source is not handed to another run for this long; the result
# (or a run that gave up) sets its real next check.
CLAIM_LEASE = datetime.timedelta(hours=1)


@dataclass
class RunSummary:
    outcomes: Counter[str] = field(default_factory=Counter)
    dead: list[Source] = field(default_factory=list)
    skipped: int = 0

    @property
    def checked(self) -> int:
        return sum(self.outcomes.values())


def link_checks_run(
    sources: Sequence[Source],
    *,
    checker: Checker | None = None,
    workers: int | None = None,
    seconds: float | None = None,
) -> RunSummary:
    """Checks ``sources`` now, politely per host, and records every check.

    With ``seconds``, checks not started by then are left for the next run
    (due at once; counted in ``skipped``): a host with many sources cannot
    hold a sweep past its job's time limit.
    """
    summary = RunSummary()
    sources = [source for source in sources if source.url]
    if not sources:
        return summary
    own_checker = checker is None
    checker = checker or Checker()
    pool = ThreadPoolExecutor(
        max_workers=workers or settings.LINK_CHECK_WORKERS,
        thread_name_prefix="linkcheck",
    )
    try:
        futures: dict[Future[CheckResult], Source] = {
            pool.submit(checker.check, source.url, source.cited_fingerprint): source
            for source in by_host_in_turn(sources)
        }
        deadline = None if seconds is None else time.monotonic() + seconds
        for future in as_completed(futures):
            if deadline is not None and time.monotonic() > deadline:
                deadline = None
                left = [f for f in futures if f.cancel()]
                Source.objects.filter(
                    pk__in=[futures[f].pk for f in left],
                    link_check_due__isnull=False,
                ).update(link_check_due=timezone.now())
                summary.skipped = len(left)
            if future.cancelled():
                continue
            check = link_check_record(futures[future], future.result())
            summary.outcomes[check.outcome] += 1
            if check.source.link_status == Status.DEAD:
                summary.dead.append(check.source)
    except BaseException:
        # A job's time limit (an exception in this thread) must not wait for
        # the queued checks: they are dropped, their sources stay leased.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if own_checker:
            checker.__exit__()
    summary.dead.sort(key=lambda source: source.pk)
    return summary


def by_host_in_turn(sources: Iterable[Source]) -> list[Source]:
    """Orders sources one host after another, so the pool's threads work on
    many hosts at once instead of queueing behind one host's limit."""
    queues: dict[str, deque[Source]] = defaultdict(deque)
    for source in sources:
        try:
            host = httpx.URL(source.url).host
        except httpx.InvalidURL:
            host = ""
        queues[host].append(source)
    ordered: list[Source] = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return ordered


def link_check_record(source: Source, result: CheckResult) -> LinkCheck:
    """Writes one check and what it means for its source.

    A failed check is retried sooner, backing off; the link is called dead
    only after ``LINK_CHECK_DEAD_AFTER`` failed checks in a row. An editor's
    "usurped" stays: the checker cannot tell a hijacked domain from the page.
    """
    now = timezone.now()
    interval = datetime.timedelta(hours=settings.LINK_CHECK_INTERVAL_HOURS)
    with transaction.atomic():
        # Locked and re-read: two runs recording at once count failures once each.
        locked = Source.objects.select_for_update().get(pk=source.pk)
        before = locked.link_status
        first_fingerprint = not locked.cited_fingerprint
        attempt = 0
        due = now + interval
        if result.answered:
            locked.link_failures = 0
            if not locked.cited_fingerprint:
                locked.cited_fingerprint = result.fingerprint
            status = result.outcome
        elif result.failed:
            locked.link_failures += 1
            attempt = locked.link_failures
            status = before
            if attempt >= settings.LINK_CHECK_DEAD_AFTER:
                status = Status.DEAD
            else:
                retry = datetime.timedelta(
                    minutes=settings.LINK_CHECK_RETRY_MINUTES * 2 ** (attempt - 1)
                )
                due = now + min(retry, interval)
        else:
            status = before
        if before != Status.USURPED:
            locked.link_status = status
        locked.link_checked_at = now
        # Only cited sources are scheduled; a check of another (--all) is not.
        if locked.link_check_due is not None:
            locked.link_check_due = due
        check = LinkCheck.objects.create(
            source=locked,
            checked_at=now,
            url=result.url,
            outcome=result.outcome,
            status_code=result.status_code,
            final_url=result.final_url,
            redirects=result.redirects,
            fingerprint=result.fingerprint,
            elapsed_ms=result.elapsed_ms,
            error=result.error,
            attempt=attempt,
        )
        bookkeeping = ["link_checked_at", "link_check_due", "link_failures"]
        changed = (
            ["cited_fingerprint"]
            if first_fingerprint and locked.cited_fingerprint
            else []
        )
        if locked.link_status != before:
            changed.append("link_status")
        if changed:
            # What editors (and, for "dead", readers) see: a history row.
            locked._change_reason = (  # type: ignore[attr-defined]
                f"Link check: {locked.get_link_status_display().lower()}"
                if "link_status" in changed
                else "Link check: fingerprint recorded"
            )
            locked.save(update_fields=[*bookkeeping, *changed, "updated_at"])
        else:
            # Bookkeeping only: no history row for a check that changed nothing.
            Source.objects.filter(pk=locked.pk).update(
                **{name: getattr(locked, name) for name in bookkeeping}
            )
    return check


def due_sources(now: datetime.datetime) -> QuerySet[Source]:
    """Cited sources whose check is due, oldest first: a range scan of the
    ``source_link_check_due`` index (only cited sources have a due time)."""
    return Source.objects.filter(link_check_due__lte=now).order_by("link_check_due")


def link_checks_claim_due(*, limit: int) -> list[Source]:
    """Takes up to ``limit`` due sources for this run, oldest due first.

    Their next check moves a lease ahead at once, so a second worker (or an
    overlapping run) takes other sources; on PostgreSQL rows another run is
    claiming are skipped rather than waited for.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            due_sources(now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Source.objects.filter(pk__in=ids).update(link_check_due=now + CLAIM_LEASE)
    return list(Source.objects.filter(pk__in=ids).order_by("pk"))


def link_checks_due(
    *, limit: int | None = None, seconds: float | None = None
) -> RunSummary:
    """Runs the checks that are due (a batch of ``LINK_CHECK_BATCH``)."""
    return link_checks_run(
        link_checks_claim_due(limit=limit or settings.LINK_CHECK_BATCH),
        seconds=seconds,
    )


def link_checks_now(*, actor: Actor, source_ids: Sequence[int]) -> RunSummary:
    """A person asks for checks now (the admin's action)."""
    require_source_edit(actor)
    return link_checks_run(sources_by_id(source_ids))


def source_cited(*, source_id: int) -> bool:
    """Schedules checks of a source's link from its first citation on.

    Returns True when this was the first citation (the caller then asks for
    the first check and an archive copy); a source cited before, or without
    a URL, is left as it is.
    """
    scheduled = (
        Source.objects.filter(pk=source_id, link_check_due__isnull=True)
        .exclude(url="")
        .update(link_check_due=timezone.now())
    )
    return bool(scheduled)


def source_archive(*, source_id: int) -> Source:
    """Records an archive copy of the source's page, unless it has one.

    Raises ``ArchiveError`` when the archive service fails (the job retries).
    """
    source = Source.objects.get(pk=source_id)
    if source.archive_url or not source.url:
        return source
    if not archive_configured():
        logger.info("No archive service configured: source %s kept as is.", source_id)
        return source
    capture = request_capture(source.url)
    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source_id)
        if locked.archive_url:
            return locked
        locked.archive_url = capture.url
        locked.archive_date = capture.date
        locked._change_reason = "Archive copy recorded"  # type: ignore[attr-defined]
        locked.save(update_fields=["archive_url", "archive_date", "updated_at"])
    return locked


def sources_by_id(source_ids: Sequence[int]) -> list[Source]:
    return list(Source.objects.filter(pk__in=source_ids).order_by("pk"))
