"""What happens around every attempt of a job, on any queue."""

import json
import logging
import os
import random
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import FrameType
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import JobLock, JobRun

if TYPE_CHECKING:
    from django_tasks.base import Task

logger = logging.getLogger("jobs")

# The keyword argument that carries the attempt number into a retry.
ATTEMPT = "job_attempt"

WORKER = f"{socket.gethostname()}:{os.getpid()}"


class JobTimeLimitExceeded(Exception):
    """An attempt ran longer than its job's ``time_limit``."""


def queues_in_database(alias: str = "default") -> bool:
    """Whether the task backend ``alias`` keeps its queue in our database."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def execute(
    made: "Task[Any, Any]",
    func: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    attempt: int,
) -> Any:
    from jobs.decorators import spec_of

    spec = spec_of(made)
    run = JobRun.objects.create(
        task=made.module_path,
        arguments={"args": list(args), "kwargs": kwargs},
        attempt=attempt,
        worker=WORKER,
        started_at=timezone.now(),
    )
    lock_key = _lock_key(made, args, kwargs) if spec.exclusive else None
    if lock_key and not _acquire(lock_key, seconds=spec.time_limit + 30):
        _finish(run, JobRun.Status.SKIPPED, result="Another worker is running it.")
        return None
    try:
        with time_limit(spec.time_limit):
            value = func(*args, **kwargs)
    except Exception as error:
        retry_at = None
        if attempt <= spec.retries:
            delay = spec.backoff * 2 ** (attempt - 1) * random.uniform(1.0, 1.25)
            retry_at = timezone.now() + timedelta(seconds=delay)
            made.using(run_after=retry_at).enqueue(
                *args, **kwargs, **{ATTEMPT: attempt + 1}
            )
        _finish(
            run,
            JobRun.Status.RETRYING if retry_at else JobRun.Status.FAILED,
            error="".join(traceback.format_exception(error)),
            retry_at=retry_at,
        )
        logger.warning("Job %s attempt %s failed: %s", made.name, attempt, error)
        raise
    finally:
        if lock_key:
            JobLock.objects.filter(key=lock_key, holder=WORKER).delete()
    _finish(run, JobRun.Status.SUCCEEDED, result="" if value is None else str(value))
    return value


def _finish(run: JobRun, status: str, **fields: Any) -> None:
    run.status = status
    run.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()


def _lock_key(
    made: "Task[Any, Any]", args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str:
    key = (
        f"{made.module_path}:{json.dumps([args, kwargs], sort_keys=True, default=str)}"
    )
    return key[:255]


def _acquire(key: str, *, seconds: float) -> bool:
    """Takes the lock unless a live holder has it; an expired one is taken over."""
    now = timezone.now()
    expires = now + timedelta(seconds=seconds)
    if JobLock.objects.filter(key=key, expires_at__lte=now).update(
        holder=WORKER, expires_at=expires
    ):
        return True
    try:
        with transaction.atomic():
            JobLock.objects.create(key=key, holder=WORKER, expires_at=expires)
    except IntegrityError:
        return False
    return True


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raises JobTimeLimitExceeded in the running job after ``seconds``.

    Uses SIGALRM, so it applies where workers run jobs: in a process's main
    thread (the database worker, an RQ work horse, the tests). Under an
    existing alarm (RQ's own job timeout) the earlier of the two fires, and
    the outer alarm is re-armed afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise JobTimeLimitExceeded(f"Stopped after its time limit of {seconds:g} s.")

    outer_remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer_remaining and outer_remaining <= seconds:
        yield  # the outer alarm fires first anyway
        return
    outer_handler = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_remaining:
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
