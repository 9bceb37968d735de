"""How late a scheduled publication happens, with a real worker process.

Run from the repository root::

    python bench/scheduled_publish.py [--explainers 10] [--lead 6] \
        [--queue database|redis]

Builds a fresh database (a SQLite file in a temporary folder; or
``--postgres URL``) through the services: roles, the demo's users and sources,
then ``--explainers`` approved explainers. Schedules each to publish
``--lead`` seconds from now plus half a second per explainer, starts
``manage.py run_worker`` as ``make run`` does (``--queue redis`` runs it on
RQ with Redis database 14 of 127.0.0.1:6379), and waits. Prints each
publication's delay from its scheduled time, then p50, p95 and max.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--explainers", type=int, default=10)
    parser.add_argument("--lead", type=float, default=6.0)
    parser.add_argument("--queue", choices=["database", "redis"], default="database")
    parser.add_argument("--postgres", help="a PostgreSQL URL to use instead of SQLite")
    return parser.parse_args()


def configure(args: argparse.Namespace, folder: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.postgres or f"sqlite:///{folder}/bench.sqlite3",
        "JOB_QUEUE": args.queue,
    }
    if args.queue == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    os.environ.update(env)
    return {**os.environ, **env}


def _letters(n: int) -> str:
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word = chr(ord("a") + rest) + word
        if not n:
            return word


def approved_explainer(n: int, editor, reviewer, source):
    from explainers.models import Explainer
    from explainers.services import content, review, transitions

    explainer = content.explainer_create(
        actor=editor,
        data={
            # Letters only: a digit in a title would be an uncited number.
            "title": f"Scheduled explainer {_letters(n)}",
            "slug": f"scheduled-{n}",
            "standfirst": "Published by the job queue at a set time.",
            "body": "The agencies count [[stat:count]] so far.",
        },
    )
    statistic = content.statistic_create(
        explainer_id=explainer.pk,
        actor=editor,
        data={
            "key": "count",
            "claim": "People the agencies counted",
            "display_text": "several thousand people",
            "value": 5000,
            "unit": "people",
        },
    )
    content.citation_create(
        statistic_id=statistic.pk,
        actor=editor,
        data={"source": source, "locator": "p. 2", "quote": "As counted."},
    )
    version = Explainer.objects.get(pk=explainer.pk).version
    transitions.explainer_submit(
        explainer_id=explainer.pk, actor=editor, expected_version=version
    )
    review.statistic_approve(
        statistic_id=statistic.pk, actor=reviewer, expected_version=version
    )
    transitions.explainer_approve(
        explainer_id=explainer.pk, actor=reviewer, expected_version=version
    )
    return Explainer.objects.get(pk=explainer.pk)


def main() -> int:
    args = parse_args()
    folder = tempfile.mkdtemp(prefix="bench-schedule-")
    env = configure(args, folder)
    if args.queue == "redis":
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    if args.postgres:
        import psycopg

        base, name = args.postgres.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from explainers.models import Explainer, TransitionLog
    from explainers.services import scheduling
    from newsroom.second_factor import vouch
    from sources.models import Source

    call_command("migrate", "--no-input", verbosity=0)
    call_command("setup_roles", verbosity=0)
    call_command("load_demo", "--password", "bench-password-2026", verbosity=0)
    editor = User.objects.get(username="editor")
    reviewer = vouch(User.objects.get(username="reviewer"), by="benchmark")
    source = Source.objects.order_by("pk").first()
    explainers = [
        approved_explainer(n, editor, reviewer, source)
        for n in range(1, args.explainers + 1)
    ]
    start = timezone.now() + timedelta(seconds=args.lead)
    planned = {}
    for n, explainer in enumerate(explainers):
        at = start + timedelta(seconds=0.5 * n)
        scheduling.explainer_schedule(
            explainer_id=explainer.pk,
            actor=reviewer,
            action="publish",
            at=at,
            expected_version=explainer.version,
        )
        planned[explainer.pk] = at
    print(
        f"{len(planned)} explainers scheduled from {args.lead:g} s ahead, "
        f"queue: {args.queue}",
        flush=True,
    )
    log_path = Path(folder) / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + args.lead + args.explainers + 90
        while time.monotonic() < deadline:
            published = Explainer.objects.filter(
                pk__in=planned, state=Explainer.State.PUBLISHED
            ).count()
            if published == len(planned):
                break
            time.sleep(0.25)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    logs = TransitionLog.objects.filter(explainer_id__in=planned, transition="publish")
    delays = sorted(
        (log.created_at - planned[log.explainer_id]).total_seconds() for log in logs
    )
    missing = len(planned) - len(delays)
    if not delays:
        print("nothing was published; the worker said:")
        print(log_path.read_text()[-3000:])
        return 1
    p95 = delays[min(len(delays) - 1, round(0.95 * (len(delays) - 1)))]
    print("delays (s):", " ".join(f"{d:.2f}" for d in delays))
    print(
        f"published {len(delays)}/{len(planned)}; delay after the scheduled time: "
        f"p50 {statistics.median(delays):.2f} s, p95 {p95:.2f} s, "
        f"max {delays[-1]:.2f} s, min {delays[0]:.2f} s"
    )
    return 1 if missing or delays[-1] > 60 else 0


if __name__ == "__main__":
    sys.exit(main())
