"""Search flood: does a burst of searches leave the site answering?

Run from the repository root against a database with content, by default the
one ``bench/scale.py --keep`` leaves (``newsroom_scale`` on the local
PostgreSQL)::

    python bench/search_flood.py [--clients 20] [--duration 30] [--no-throttle] [--cold]

Serves the project with gunicorn on 127.0.0.1 (2 workers, 4 threads each,
production settings), has each worker thread serve each kind of request once
(as a site that has been running has; ``--cold`` skips it), then runs
``--clients`` threads that search as fast as
they can for ``--duration`` seconds while a probe fetches ``/healthz`` and an
explainer page every 200 ms. Prints the searches' answers by status and the
probe's latencies; exits 1 when a probe took 100 ms or more.

With the defaults every searcher comes from one address, so the per-client
search rate (``DJANGO_SEARCH_RATE``) answers most of them with 429;
``--no-throttle`` lifts the rate to show what the statement timeout and the
server alone do.
"""

import argparse
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100
WORDS = ["war", "minerals", "refugees", "strikes", "grain", "ceasefire", "aid"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def probe(
    base: str, page: str, stop: float, started: float, results: "multiprocessing.Queue"
) -> None:
    """Fetches /healthz and the page every 200 ms until ``stop``; sends
    (name, status, ms, seconds into the flood) of each at the end."""
    seen = []
    while time.monotonic() < stop:
        for name, url in (("healthz", f"{base}/healthz"), ("page", page)):
            status, ms = fetch(url)
            seen.append((name, status, ms, time.monotonic() - started))
        time.sleep(0.2)
    results.put(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--no-throttle", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="flood a server that has served one page (no warm-up)",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/newsroom_scale",
    )
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    if args.no_throttle:
        env["DJANGO_SEARCH_RATE"] = "1000000/minute"
        env["DJANGO_API_ANON_RATE"] = "1000000/minute"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--worker-class", "gthread", "--log-level", "warning"],
        cwd=REPO_ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if fetch(f"{base}/healthz")[0] == 200:
                break
            time.sleep(0.1)
        else:
            print("the server did not start")
            return 2
        home = urllib.request.urlopen(f"{base}/api/v1/explainers/?page_size=1")
        import json

        slug = json.load(home)["results"][0]["slug"]
        page = f"{base}/explainers/{slug}/"
        # A site that has been running: each worker thread has served each
        # kind of request (imports, URL resolver, templates, a database
        # connection). ``--cold`` floods a server that has served one page.
        warm = [] if args.cold else [f"{base}/healthz", page, f"{base}/search/?q=war"]
        for _ in range(16):
            for url in warm:
                fetch(url)
        fetch(page)

        stop = time.monotonic() + args.duration
        answers: Counter = Counter()
        probes: dict[str, list[float]] = {"healthz": [], "page": []}
        # (ms, seconds into the flood, which probe) of every probe, to say
        # when the slowest happened.
        timeline: list[tuple[float, float, str]] = []
        started = time.monotonic()
        failed_probes: Counter = Counter()

        def search(n: int) -> None:
            k = n
            while time.monotonic() < stop:
                word = WORDS[k % len(WORDS)]
                k += 1
                status, _ = fetch(f"{base}/search/?q={word}+{k % 97}")
                answers[status] += 1

        # The probe runs in a process of its own: in this one it would also
        # wait for the searchers' threads to hand over the interpreter lock,
        # and measure that instead of the server.
        results: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
        prober = multiprocessing.get_context("fork").Process(
            target=probe, args=(base, page, stop, started, results)
        )
        prober.start()
        threads = [
            threading.Thread(target=search, args=(n,)) for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for name, status, ms, at in results.get(timeout=60):
            probes[name].append(ms)
            timeline.append((ms, at, name))
            if status != 200:
                failed_probes[name] += 1
        prober.join(timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=10)

    total = sum(answers.values())
    lifted = " (search rate lifted)" if args.no_throttle else ""
    by_status = ", ".join(f"{code}: {n}" for code, n in sorted(answers.items()))
    print(
        f"{args.clients} searchers for {args.duration:.0f} s{lifted}: "
        f"{total} searches, {by_status}"
    )
    slowest = sorted(timeline, reverse=True)[:3]
    print(
        "slowest probes: "
        + ", ".join(f"{name} {ms:.0f} ms at {at:.1f} s" for ms, at, name in slowest)
    )
    settled = [ms for ms, at, _ in timeline if at >= 1.0]
    if settled:
        print(f"after the first second: every probe within {max(settled):.0f} ms")
    worst = 0.0
    for name, times in probes.items():
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        worst = max(worst, times[-1])
        print(f"probe {name:8} n={len(times):3} p50 {statistics.median(times):6.1f} ms"
              f"  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms"
              f"  failed {failed_probes[name]}")  # fmt: skip
    if worst >= TARGET_MS or failed_probes:
        print(f"FAIL: a probe took {worst:.0f} ms (target < {TARGET_MS} ms)")
        return 1
    print(f"OK: every probe answered within {TARGET_MS} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
