"""Background work: link checks, archives, sweeps, scheduled publishing, mail, purges.

Built on Django's task API (``django.tasks`` from Django 6.0; the
``django-tasks`` backport here). Tasks run on a database queue by default
(``manage.py run_worker``, started by ``make run``) and on RQ workers on Redis
for a fleet (``JOB_QUEUE=redis``). What this package adds to the task API is
what a newsroom needs of every job: a record staff can read, retries with
backoff, a time limit, at most one run at a time per job and arguments where
asked, and a schedule that needs no cron.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobs.decorators import enqueue_on_commit, job
    from jobs.schedule import periodic

__all__ = ["enqueue_on_commit", "job", "periodic"]


def __getattr__(name: str) -> Any:
    # Lazily, so that listing "jobs" in INSTALLED_APPS imports no models.
    if name in ("enqueue_on_commit", "job"):
        from jobs import decorators

        return getattr(decorators, name)
    if name == "periodic":
        from jobs.schedule import periodic

        return periodic
    raise AttributeError(name)
