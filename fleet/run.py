"""Starts a fleet on this machine and shows it behaves as one site.

    .venv/bin/python fleet/run.py

nginx in front of two gunicorn app servers on different ports, sharing
PostgreSQL (a database of its own on DATABASE_ADMIN_URL's server), Redis
(FLEET_REDIS_URL; a database number of its own) and the job queue (RQ on
Redis; FLEET_JOB_QUEUE=database for the queue in PostgreSQL),
plus a job worker and a fake CDN that records purges. It checks, printing
each result: the API's throttle holds across both servers; a publish on one
server is served by the other at once; its purge reaches the CDN once; a
killed app server loses no request; a killed job worker loses no job.
Exit status 1 if any check fails. Takes about a minute.
"""

import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fleet.cluster import Fleet, drop_database, fresh_database, http
from fleet.fake_cdn import FakeCDN
from fleet.postgres import wait_until

ADMIN_URL = os.environ.get(
    "DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("FLEET_REDIS_URL", "redis://127.0.0.1:6379/13")
DATABASE = f"newsroom_fleet_{os.getpid()}"
ANON_RATE = 10

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"{'PASS' if ok else 'FAIL'}  {what}", flush=True)
    if not ok:
        failures.append(what)


class Newsroom:
    """The newsroom API of one server, as the demo's users with shell tokens."""

    def __init__(self, fleet: Fleet):
        self.tokens = {
            name: fleet.token(name) for name in ("editor", "reviewer", "chief")
        }

    def call(self, base, path, who, *, method="GET", data=None, version=None):
        headers = {"Authorization": f"Token {self.tokens[who]}"}
        if version:
            headers["If-Match"] = version
        status, answer_headers, body = http(
            f"{base}/api/v1/newsroom/{path}", method=method, data=data, headers=headers
        )
        return status, answer_headers, json.loads(body or b"{}")

    def decide(self, base, explainer_id, who, action, data=None):
        _, headers, _ = self.call(base, f"explainers/{explainer_id}/", who)
        status, _, body = self.call(
            base,
            f"explainers/{explainer_id}/{action}/",
            who,
            method="POST",
            data=data or {},
            version=headers["ETag"],
        )
        if status != 200:
            raise RuntimeError(f"{action} answered {status}: {body}")

    def publish_new(self, base, slug) -> int:
        status, _, body = self.call(
            base,
            "explainers/",
            "editor",
            method="POST",
            data={
                "title": f"Fleet check {slug}",
                "slug": slug,
                "standfirst": "Written by the fleet check.",
                "body": "Talks stalled, and the parties met again in the spring.",
            },
        )
        if status != 201:
            raise RuntimeError(f"create answered {status}: {body}")
        explainer_id = body["id"]
        self.decide(base, explainer_id, "editor", "submit")
        self.decide(base, explainer_id, "reviewer", "approve")
        self.decide(base, explainer_id, "reviewer", "publish")
        return explainer_id


def purges_of(cdn: FakeCDN, slug: str) -> int:
    key = f"explainer-{slug}"
    return sum(
        key in call.headers.get("Surrogate-Key", "").split() for call in cdn.calls
    )


def settle() -> None:
    # Time for a duplicate purge to show up, if there were one.
    time.sleep(3)


def run(fleet: Fleet, cdn: FakeCDN) -> None:
    a, b = fleet.app_url(0), fleet.app_url(1)
    status, headers, body = http(f"{fleet.url}/healthz")
    check(
        status == 200 and json.loads(body)["status"] == "ok", "/healthz through nginx"
    )
    check(bool(headers.get("X-Request-ID")), "nginx's request id comes back")

    # Throttle: the anonymous API rate is one budget for the whole fleet.
    answers = [
        http(f"{server}/api/v1/explainers/")[0]
        for _ in range(ANON_RATE + 5)
        for server in (a, b)
    ][: 2 * ANON_RATE]
    check(
        answers.count(200) == ANON_RATE and answers.count(429) == ANON_RATE,
        f"throttle {ANON_RATE}/minute holds across both servers "
        f"({answers.count(200)} allowed, {answers.count(429)} refused)",
    )

    newsroom = Newsroom(fleet)
    explainer_id = newsroom.publish_new(a, "fleet-published-on-a")
    page = "/explainers/fleet-published-on-a/"
    check(http(b + page)[0] == 200, "published on server A, served by server B at once")
    wait_until(lambda: purges_of(cdn, "fleet-published-on-a") >= 1, what="the purge")
    settle()
    check(purges_of(cdn, "fleet-published-on-a") == 1, "the purge reached the CDN once")

    newsroom.decide(b, explainer_id, "chief", "unpublish", {"comment": "Fleet check"})
    check(http(a + page)[0] == 410, "unpublished on B, 410 on A at once")
    check(http(fleet.url + page)[0] == 410, "and 410 through nginx")

    # A killed app server: nginx sends every request to the other one.
    fleet.kill_app(0)
    codes = [http(fleet.url + "/")[0] for _ in range(40)]
    check(codes.count(200) == 40, f"app server A killed: {codes.count(200)}/40 served")
    fleet.start_app(0)

    # A killed job worker: the job waits on the queue for the next worker.
    fleet.kill_worker()
    newsroom.publish_new(b, "fleet-published-without-worker")
    settle()
    check(
        purges_of(cdn, "fleet-published-without-worker") == 0,
        "job worker killed: the purge waits on the queue",
    )
    fleet.start_worker()
    wait_until(
        lambda: purges_of(cdn, "fleet-published-without-worker") >= 1,
        seconds=60,
        what="the purge after the restart",
    )
    settle()
    check(
        purges_of(cdn, "fleet-published-without-worker") == 1,
        "a new worker ran the waiting purge, once",
    )

    status, _, body = http(f"{a}/metrics")
    text = body.decode()
    check(
        status == 200
        and "newsroom_request_seconds_bucket" in text
        and "newsroom_job_queue_depth" in text,
        "/metrics answers the operator",
    )


def main() -> int:
    database_url = fresh_database(ADMIN_URL, DATABASE)
    with FakeCDN() as cdn:
        fleet = Fleet(
            database_url=database_url,
            redis_url=REDIS_URL,
            cdn_url=f"{cdn.url}/service/FLEET/purge",
            env_extra={"DJANGO_API_ANON_RATE": f"{ANON_RATE}/minute"},
        )
        fleet.forget_redis_keys()
        try:
            print(f"== fleet in {fleet.workdir}", flush=True)
            fleet.start()
            print(
                f"== nginx {fleet.url} -> {fleet.app_url(0)}, {fleet.app_url(1)}",
                flush=True,
            )
            run(fleet, cdn)
        except Exception as exc:
            check(False, f"the fleet ran to the end ({exc!r})")
        finally:
            fleet.stop()
            drop_database(ADMIN_URL, DATABASE)
    if failures:
        print(f"== {len(failures)} check(s) failed; logs in {fleet.workdir}")
        return 1
    print("== the fleet behaves as one site")
    shutil.rmtree(fleet.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
