"""Runs queued jobs in the test process, the way a database worker would."""

from datetime import datetime

from django.utils import timezone

from jobs.models import JobRun


def run_queued(*, until: datetime | None = None, limit: int = 1000) -> list[JobRun]:
    """Runs every job ready by ``until`` (default: now), including the retries
    and follow-ups they enqueue, and returns the attempts recorded meanwhile.
    Failures are recorded, not raised, as on a worker."""
    from django.db.models import Q
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult, get_date_max

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    first = JobRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _ in range(limit):
        due = until or timezone.now()
        ready = (
            DBTaskResult.objects.filter(status="READY")
            .filter(Q(run_after=get_date_max()) | Q(run_after__lte=due))
            .order_by("-priority", "run_after", "enqueued_at")
            .first()
        )
        if ready is None:
            break
        ready.claim("tests")
        worker.run_task(ready)
    return list(JobRun.objects.filter(pk__gt=first).order_by("pk"))
