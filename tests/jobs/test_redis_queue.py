"""The same jobs on RQ workers on Redis (JOB_QUEUE=redis), as a fleet runs them.

Run as the operator would: separate processes for migrate, for the code that
enqueues and for the worker, sharing a database file and a Redis database of
their own. Skipped where no Redis server answers on 127.0.0.1:6379.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REDIS_DB = 13  # kept for this test; flushed at its start
ROOT = Path(__file__).resolve().parents[2]


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_answers(), reason="no Redis server on 127.0.0.1:6379"
)


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_jobs_run_on_rq_workers_with_records_retries_and_the_schedule(tmp_path):
    import redis

    url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(url).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fleet.sqlite3'}",
        "JOB_QUEUE": "redis",
        "REDIS_URL": url,
    }
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(
        env,
        "shell",
        "-c",
        "from tests.jobs import sample_jobs as s; "
        "s.greet.enqueue('fleet'); s.flaky.enqueue(5)",
    )
    assert redis.Redis.from_url(url).llen("rq:queue:default") == 2

    out = _manage(env, "run_worker", "--batch")

    assert "taking jobs from Redis" in out
    said = _manage(
        env,
        "shell",
        "-c",
        "import json; from jobs.models import JobRun; print('RUNS', json.dumps(list("
        "JobRun.objects.order_by('pk').values('task', 'status', 'attempt'))))",
    )
    runs = json.loads(said.split("RUNS ", 1)[1].splitlines()[0])
    by_task = {r["task"].rsplit(".", 1)[-1]: r for r in runs}
    assert by_task["greet"]["status"] == "succeeded"
    # A failure is recorded and its retry waits in RQ's scheduled registry.
    assert by_task["flaky"]["status"] == "retrying"
    assert redis.Redis.from_url(url).zcard("rq:scheduled:default") == 1
    # The worker's scheduler enqueued the periodic jobs, and the worker ran them.
    assert by_task["publish_due"]["status"] == "succeeded"
