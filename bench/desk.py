"""The desk home at archive scale: time and queries of /admin/ per person.

PostgreSQL only. Builds a fresh ``newsroom_desk_bench`` database with
``--explainers`` explainers in every workflow state (bulk rows, states set in
SQL as bench/scale.py does), ``--statistics`` statistics each (one in a
thousand with a lapsed approval: a re-review queue of a few hundred), an
editor who authors one explainer in a hundred and a chief editor, then times
the desk's selector and the whole page for each, prints p50/p95 and the query
count, and EXPLAIN ANALYZE of the slowest query. Exits 1 when the page's p95
misses the admin target (300 ms, DESIGN.md). ``--reuse`` measures the
database the last run built.

    .venv/bin/python bench/desk.py --explainers 100000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale import recreate_database, setup_django

NAME = "newsroom_desk_bench"
TARGET_MS = 300


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--explainers", type=int, default=20_000)
    parser.add_argument("--statistics", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database built last time"
    )
    parser.add_argument(
        "--server",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432"),
    )
    return parser.parse_args()


def build(count: int, per_explainer: int) -> dict:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from explainers.models import Explainer, Statistic
    from newsroom.roles import CHIEF_EDITORS, EDITORS

    call_command("migrate", verbosity=0)
    call_command("setup_roles", verbosity=0)
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    chief = User.objects.create_user("chief", is_staff=True)
    chief.groups.add(Group.objects.get(name=CHIEF_EDITORS))
    others = [User(username=f"writer{n}", is_staff=True) for n in range(50)]
    others = User.objects.bulk_create(others)
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        rows = [
            Explainer(
                title=f"Explainer number {n}",
                slug=f"explainer-{n}",
                body="Text.",
                created_by=editor if n % 100 == 0 else others[n % len(others)],
                last_edited_by=others[n % len(others)],
            )
            for n in range(start, min(count, start + batch))
        ]
        Explainer.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        # States by id, in bands; set in SQL as the clone in bench/scale.py
        # does (bulk rows start as drafts).
        cursor.execute(
            """
            UPDATE explainers_explainer SET state = CASE
              WHEN id % 100 < 40 THEN 'draft'
              WHEN id % 100 < 45 THEN 'in_review'
              WHEN id % 100 < 50 THEN 'changes_requested'
              WHEN id % 100 < 55 THEN 'approved'
              ELSE 'archived' END,
              updated_at = now() - (id % 1000) * interval '1 hour'
            """
        )
        cursor.execute(
            "INSERT INTO explainers_explainer_authors (explainer_id, user_id) "
            "SELECT id, created_by_id FROM explainers_explainer"
        )
    ids = list(Explainer.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        figures = [
            Statistic(
                explainer_id=pk,
                key=f"s-{k}",
                claim="A count.",
                display_text="about 1,000 people",
                lapsed_at=now if (pk * 7 + k) % 1000 == 0 else None,
            )
            for pk in ids[start : start + batch]
            for k in range(per_explainer)
        ]
        Statistic.objects.bulk_create(figures, batch_size=batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"editor": editor, "chief": chief}


def measure(people: dict, runs: int) -> bool:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from explainers.desk import desk_for
    from tests.second_factor import verified_login

    ok = True
    for name, user in people.items():
        user = type(user).objects.get(pk=user.pk)  # fresh permission cache
        client = Client()
        verified_login(client, user)
        client.get("/admin/")
        timings, page_timings = [], []
        for _ in range(runs):
            fresh = type(user).objects.get(pk=user.pk)
            started = time.perf_counter()
            sections = desk_for(fresh)
            timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get("/admin/")
            page_timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/admin/")
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        p95 = statistics.quantiles(page_timings, n=20)[18]
        print(
            f"{name:7} desk selector p50 {statistics.median(timings):6.1f} ms "
            f"p95 {statistics.quantiles(timings, n=20)[18]:6.1f} ms | page p50 "
            f"{statistics.median(page_timings):6.1f} ms p95 {p95:6.1f} ms | "
            f"{len(queries)} queries | "
            + ", ".join(f"{s.key} {s.count}" for s in sections)
        )
        print(f"        slowest ({slowest['time']} s): {slowest['sql'][:200]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
            for (line,) in cursor.fetchall()[:12]:
                print(f"          {line}")
        ok = ok and p95 < TARGET_MS
    return ok


def main() -> int:
    args = arguments()
    if args.reuse:
        setup_django(args.server, NAME)
        from django.contrib.auth.models import User

        people = {name: User.objects.get(username=name) for name in ("editor", "chief")}
    else:
        recreate_database(args.server, NAME)
        setup_django(args.server, NAME)
        started = time.perf_counter()
        people = build(args.explainers, args.statistics)
        print(
            f"built {args.explainers} explainers, {args.explainers * args.statistics} "
            f"statistics in {time.perf_counter() - started:.0f} s"
        )
    ok = measure(people, args.runs)
    print("OK" if ok else f"MISSED: a page's p95 is over {TARGET_MS} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
