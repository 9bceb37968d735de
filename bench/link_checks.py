"""Link checks of many sources against a local server, and the limits they keep.

Run from the repository root::

    python bench/link_checks.py [--sources 10000] [--hosts 200] [--interval 0.1]
        [--concurrency 2] [--workers 32] [--postgres URL]

Builds a fresh database (a SQLite file in a temporary folder, or
``--postgres URL``) with ``--sources`` cited sources spread over ``--hosts``
host names (``host-N.bench.test``, which the checker's resolver sends to
127.0.0.1: one server, many hosts, as virtual hosts). Most pages are live;
some redirect, some are dead. The server (``tests/sources/linkserver.py``)
runs in its own process and counts, per Host header, the requests in flight
at once and the shortest gap between two requests.

The run is the one the periodic job makes (``link_checks_claim_due`` then
``link_checks_run``: HEAD then GET per source, every check recorded), with
the per-host limits given here instead of the settings' polite defaults (at
most 2 at once, one request a second), so that it ends in a minute or two.
Prints throughput and the limits the server observed.
"""

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument(
        "--latency",
        type=float,
        default=0.15,
        help="seconds the server takes per answer",
    )
    parser.add_argument("--postgres", help="a PostgreSQL URL to use instead of SQLite")
    return parser.parse_args()


def serve(ports: "multiprocessing.Queue[int]", latency: float) -> None:
    from tests.sources.linkserver import LinkServer

    server = LinkServer()
    server.hold_seconds = latency
    ports.put(server.port)
    while True:
        time.sleep(3600)


def build_sources(count: int, hosts: int, port: int) -> None:
    import datetime

    from django.utils import timezone

    from sources.models import Source

    now = timezone.now()
    rows = []
    for n in range(count):
        # One in twenty dead, one in ten redirected, the rest live.
        path = "/dead" if n % 20 == 0 else "/redirect" if n % 10 == 1 else f"/live/{n}"
        rows.append(
            Source(
                kind=Source.Kind.NEWS_OUTLET,
                title=f"Report {n}",
                publisher="Bench",
                url=f"http://host-{n % hosts}.bench.test:{port}{path}",
                accessed_date=datetime.date(2026, 1, 1),
                link_check_due=now,
            )
        )
    Source.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    args = parse_args()
    folder = tempfile.mkdtemp(prefix="bench-links-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": args.postgres or f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(ports, args.latency), daemon=True
    )
    server.start()
    port = ports.get(timeout=30)

    import httpx

    from sources.links import services
    from sources.links.checker import Checker
    from sources.links.guard import any_address
    from sources.links.limits import HostLimiter
    from sources.models import LinkCheck

    build_sources(args.sources, args.hosts, port)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{args.sources} sources on {args.hosts} hosts; per host at most "
        f"{args.concurrency} at once and a request every {args.interval:g} s; "
        f"{args.workers} threads; the server answers in {args.latency:g} s; "
        f"database: {database}"
    )

    def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    limiter = HostLimiter(concurrency=args.concurrency, interval=args.interval)
    started = time.perf_counter()
    with Checker(policy=any_address, limiter=limiter, resolver=resolver) as checker:
        claimed = services.link_checks_claim_due(limit=args.sources)
        summary = services.link_checks_run(
            claimed, checker=checker, workers=args.workers
        )
    elapsed = time.perf_counter() - started

    stats = httpx.get(f"http://127.0.0.1:{port}/stats").json()
    server.terminate()
    bench_hosts = {h: v for h, v in stats["max_in_flight"].items() if "bench" in h}
    rates = [v for h, v in stats["max_rate"].items() if "bench" in h]
    requests = stats["requests"] - 1  # less this /stats request
    times = sorted(LinkCheck.objects.values_list("elapsed_ms", flat=True))

    print(f"checked {summary.checked} sources in {elapsed:.1f} s")
    print(f"  throughput        {summary.checked / elapsed:8.1f} checks/s")
    print(f"  requests          {requests:8d} ({requests / elapsed:.1f}/s)")
    print(
        "  outcomes          "
        + ", ".join(f"{k} {v}" for k, v in sorted(summary.outcomes.items()))
    )
    print(
        f"  per check         p50 {statistics.median(times):.0f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.0f} ms "
        "(including waits for a host's turn)"
    )
    # What the limits allow a host: a start per interval, and no more than
    # ``concurrency`` answers in the server's latency.
    per_host = min(1 / args.interval, args.concurrency / args.latency)
    print(
        f"  limits allow      {per_host * args.hosts:.0f} requests/s "
        f"({args.hosts} hosts x {per_host:.1f}/s)"
    )
    print(
        f"  observed per host max {max(bench_hosts.values())} in flight "
        f"(limit {args.concurrency}) over {len(bench_hosts)} hosts"
    )
    print(
        f"  observed per host highest rate {max(rates):.1f} requests/s over any "
        f"10 in a row (limit {1 / args.interval:.1f}/s)"
    )
    print(json.dumps({"sources": summary.checked, "seconds": round(elapsed, 2)}))


if __name__ == "__main__":
    main()
