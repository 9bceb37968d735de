"""``@job``: a django-tasks Task with a record, retries, a time limit and a lock."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task
from django_tasks.base import Task

from jobs import runtime

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class JobSpec:
    time_limit: float
    retries: int
    backoff: float
    exclusive: bool


# Every job's spec by its task path, for the runtime and the admin.
SPECS: dict[str, JobSpec] = {}


def job(
    *,
    time_limit: float = 60,
    retries: int = 3,
    backoff: float = 30,
    exclusive: bool = False,
    queue: str = DEFAULT_TASK_QUEUE_NAME,
    priority: int = 0,
) -> Callable[[Callable[P, T]], Task[P, T | None]]:
    """Makes a module-level function a background job.

    ``time_limit`` seconds per attempt; ``retries`` further attempts after a
    failure, the n-th waiting ``backoff * 2**(n-1)`` seconds; ``exclusive``
    runs at most one attempt at a time for the same arguments (a second
    worker taking a duplicate records it as skipped). Arguments must be
    JSON-serialisable, and the function should be idempotent: a retried or
    duplicated job must leave things as one run would.
    """
    spec = JobSpec(
        time_limit=time_limit, retries=retries, backoff=backoff, exclusive=exclusive
    )

    def decorate(func: Callable[P, T]) -> Task[P, T | None]:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> T | None:
            attempt = int(kwargs.pop(runtime.ATTEMPT, 1))
            return runtime.execute(made, func, args, kwargs, attempt=attempt)

        made: Task[P, T | None] = task(queue_name=queue, priority=priority)(run)
        SPECS[made.module_path] = spec
        return made

    return decorate


def spec_of(made: Task[Any, Any]) -> JobSpec:
    return SPECS[made.module_path]


def enqueue_on_commit(made: Task[P, Any], *args: Any, **kwargs: Any) -> None:
    """Enqueues ``made`` so that it exists exactly when the current transaction commits.

    On the database queue the job row is written in the same transaction as
    the change that asked for it (nothing is lost if the process dies right
    after the commit, and a rollback leaves no job); on other queues it is
    enqueued once the transaction has committed.
    """
    if (
        runtime.queues_in_database(made.backend)
        and transaction.get_connection().in_atomic_block
    ):
        made.enqueue(*args, **kwargs)
        return
    transaction.on_commit(lambda: made.enqueue(*args, **kwargs), robust=True)
