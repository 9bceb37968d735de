"""Periodic jobs without cron: every worker ticks, one UPDATE decides who enqueues.

Each periodic job has a ``Schedule`` row holding when it next falls due. A
worker's scheduler claims a due row by moving its ``next_run_at`` forward with
a conditional UPDATE; only the worker whose UPDATE changed the row enqueues
the job, so any number of workers (on any number of machines) enqueue it once.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import Schedule

logger = logging.getLogger("jobs")


@dataclass(frozen=True)
class Periodic:
    task: Any
    every: timedelta


PERIODIC: dict[str, Periodic] = {}


def periodic(every: timedelta, *, name: str | None = None) -> Callable[[Any], Any]:
    """Runs the job below it every ``every`` (place it above ``@job``)."""

    def register(made: Any) -> Any:
        PERIODIC[name or made.module_path] = Periodic(task=made, every=every)
        return made

    return register


def tick(now: datetime | None = None) -> list[str]:
    """Enqueues every periodic job that is due; returns the names enqueued."""
    now = now or timezone.now()
    known = {s.name: s for s in Schedule.objects.filter(name__in=list(PERIODIC))}
    enqueued = []
    for name, entry in PERIODIC.items():
        every = int(entry.every.total_seconds())
        if name not in known:
            try:
                with transaction.atomic():
                    Schedule.objects.create(
                        name=name, every_seconds=every, next_run_at=now
                    )
            except IntegrityError:
                pass  # another worker created it a moment ago
        else:
            # A period shortened since the last run takes effect now.
            Schedule.objects.filter(
                name=name, next_run_at__gt=now + entry.every
            ).update(next_run_at=now + entry.every, every_seconds=every)
        claimed = Schedule.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + entry.every, last_run_at=now, every_seconds=every
        )
        if claimed:
            entry.task.enqueue()
            enqueued.append(name)
    return enqueued
