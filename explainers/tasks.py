"""The explainers' background jobs."""

from datetime import timedelta

from jobs import job, periodic


@periodic(every=timedelta(seconds=20))
@job(time_limit=300, retries=2, backoff=10, exclusive=True)
def publish_due() -> str:
    """Publishes and archives what was scheduled for now or earlier.

    Scheduling also enqueues this job for the exact time; the sweep every
    20 seconds catches anything a stopped worker missed.
    """
    from explainers.services.scheduling import run_due_schedules

    outcomes = run_due_schedules()
    return (
        ", ".join(f"{n} {what}" for what, n in outcomes.items() if n) or "nothing due"
    )
