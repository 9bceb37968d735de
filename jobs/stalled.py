"""Jobs whose worker died mid-run go back on the queue.

A database-queue job a killed worker was running stays "running" forever;
once it has been running longer than its time limit (plus a grace period),
the scheduler marks that attempt failed and enqueues the job again — jobs
are idempotent, so running one again is always safe. (RQ has its own
registry for abandoned jobs.)
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from jobs.decorators import SPECS
from jobs.models import JobRun

GRACE = timedelta(seconds=60)


def requeue_stalled() -> int:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    requeued = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=now - GRACE):
        spec = SPECS.get(result.task_path)
        limit = timedelta(seconds=spec.time_limit if spec else 3600)
        if result.started_at is None or result.started_at > now - limit - GRACE:
            continue
        with transaction.atomic():
            claimed = DBTaskResult.objects.filter(
                pk=result.pk, status=result.status
            ).update(
                status="FAILED",
                finished_at=now,
                exception_class_path="jobs.stalled.WorkerLost",
                traceback="The worker running this job stopped before it finished.",
            )
            if not claimed:
                continue
            JobRun.objects.filter(
                status=JobRun.Status.RUNNING,
                started_at__lte=result.started_at + GRACE,
                task=result.task_path,
            ).filter(started_at__gte=result.started_at - GRACE).update(
                status=JobRun.Status.FAILED,
                finished_at=now,
                error="The worker running this job stopped before it finished.",
            )
            result.task.enqueue(
                *result.args_kwargs["args"], **result.args_kwargs["kwargs"]
            )
        requeued += 1
    return requeued
