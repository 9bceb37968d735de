"""Jobs the tests enqueue; a worker imports them by path like any app's jobs."""

import time
from datetime import timedelta

from django.core.cache import cache

from jobs import job, periodic

CALLS = "sample-jobs-calls"


def calls() -> list[str]:
    return list(cache.get(CALLS, []))


def _record(what: str) -> None:
    cache.set(CALLS, [*calls(), what])


@job(retries=0)
def greet(name: str) -> str:
    _record(f"greet {name}")
    return f"hello {name}"


@job(retries=2, backoff=10)
def flaky(failures: int) -> None:
    """Fails its first ``failures`` attempts."""
    _record("flaky")
    if len([c for c in calls() if c == "flaky"]) <= failures:
        raise ConnectionError("the far end hung up")


@job(time_limit=0.2, retries=0)
def slow() -> None:
    time.sleep(2)


@periodic(every=timedelta(minutes=5), name="tests.sweep")
@job(retries=0)
def sweep() -> None:
    _record("sweep")


@job(exclusive=True, retries=0)
def only_one() -> None:
    _record("only one")
