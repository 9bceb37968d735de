"""The explainer page's throughput in a fleet on this machine.

Run from the repository root: ``.venv/bin/python bench/fleet_page.py``. Needs
``wrk``, nginx, PostgreSQL's server programs and Redis on 127.0.0.1:6379.

1. Starts a PostgreSQL cluster of its own (``initdb`` in a temporary
   directory, on a free port), so that stopping it later touches nobody
   else's database, and a fleet on it (fleet/cluster.py): nginx in front of
   two gunicorn app servers (2 sync workers each), Redis as the shared cache.
2. Measures, ``--runs`` times each with ``wrk``, the demo explainer's page:
   - through nginx to the two app servers;
   - on one app server directly (one gunicorn);
   - a bare Django app returning the same bytes (bench/public_page.py's
     ceiling for any Django page) on one gunicorn;
   - through nginx with the database stopped, served from the copies kept
     in Redis (newsroom/outage.py).
3. Starts the database again and shows the first request is served from it.

Prints requests per second (mean, standard deviation, each run) and the
answers that were not 200. The machine's cores are shared by wrk, nginx and
the servers, so the figures compare set-ups on one machine, no more.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.public_page import (
    DEMO_SLUG,
    free_port,
    run_wrk,
    start_gunicorn,
    stop,
    wait_until_up,
)
from fleet.cluster import Fleet, fresh_database, http
from fleet.postgres import fresh_cluster

PAGE = f"/explainers/{DEMO_SLUG}/"
REDIS_URL = "redis://127.0.0.1:6379/14"


def measure(name: str, url: str, args: argparse.Namespace) -> dict:
    runs = [
        run_wrk(
            url,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
        )
        for _ in range(args.runs)
    ]
    rates = [run["rps"] for run in runs]
    result = {
        "name": name,
        "mean": statistics.mean(rates),
        "stdev": statistics.stdev(rates) if len(rates) > 1 else 0.0,
        "rates": rates,
        "errors": sum(run["errors"] for run in runs),
        "p50": runs[-1]["p50"],
        "p99": runs[-1]["p99"],
    }
    print(
        f"{name:<44} {result['mean']:>8.0f} req/s ± {result['stdev']:<6.0f}"
        f" runs {', '.join(f'{r:.0f}' for r in rates)};"
        f" p50 {result['p50']} p99 {result['p99']}; non-2xx {result['errors']}",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian package 'wrk').")

    database = fresh_cluster()
    fleet = Fleet(database_url=f"{database.url_base}/newsroom", redis_url=REDIS_URL)
    bare = None
    page_dir = Path(tempfile.mkdtemp(prefix="newsroom_bench_page_"))
    try:
        fresh_database(f"{database.url_base}/postgres", "newsroom")
        fleet.forget_redis_keys()
        fleet.start()
        status, _, page = http(fleet.url + PAGE)
        if status != 200:
            raise SystemExit(f"the demo page answered {status}")
        for index in range(2):  # every worker renders and keeps the page once
            for _ in range(8):
                http(fleet.app_url(index) + PAGE)

        (page_dir / "page.html").write_bytes(page)
        bare_port = free_port()
        bare = start_gunicorn(
            "public_page:make_bare_django_app()",
            bare_port,
            {**os.environ, "BENCH_PAGE_FILE": str(page_dir / "page.html")},
            Path(__file__).resolve().parent,
        )
        wait_until_up(f"http://127.0.0.1:{bare_port}/page/", bare)

        print(
            f"== the demo explainer page ({len(page)} bytes); wrk -t{args.threads} "
            f"-c{args.connections} -d{args.duration}s, {args.runs} runs each",
            flush=True,
        )
        measure("page, nginx -> two app servers", fleet.url + PAGE, args)
        measure("page, one app server (gunicorn)", fleet.app_url(0) + PAGE, args)
        measure(
            "bare Django, same bytes (one gunicorn)",
            f"http://127.0.0.1:{bare_port}/page/",
            args,
        )

        database.stop("immediate")
        status, headers, _ = http(fleet.url + PAGE)
        print(
            f"== database stopped: the page answers {status} "
            f"({headers.get('X-Served-From', 'not from the kept copy')}); "
            f"/healthz answers {http(fleet.url + '/healthz')[0]}",
            flush=True,
        )
        measure("page, nginx, database stopped (kept copy)", fleet.url + PAGE, args)

        database.start()
        first = [http(fleet.app_url(i) + PAGE) for i in range(2)]
        print(
            "== database started again: first requests answer "
            + ", ".join(
                f"{s} ({h.get('X-Served-From', 'from the database')})"
                for s, h, _ in first
            ),
            flush=True,
        )
    finally:
        if bare is not None:
            stop(bare)
        fleet.stop()
        database.remove()
        shutil.rmtree(fleet.workdir, ignore_errors=True)
        shutil.rmtree(page_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
