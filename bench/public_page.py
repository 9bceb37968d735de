"""Benchmark of the public explainer page against two references.

Run from the repository root with ``python bench/public_page.py`` (``make
bench`` runs it too). It needs ``wrk`` (Debian package ``wrk``) and exits
with a clear message when it is missing.

What it does, all on 127.0.0.1 and for a fixed, short duration:

1. Creates a throwaway SQLite database and runs ``migrate`` and
   ``load_demo`` in it (``--project-db`` uses the configured database
   instead, with its demo content already loaded).
2. Serves the project with gunicorn, 2 sync workers, production settings
   (DEBUG off), and fetches the published demo explainer once.
3. Serves, under the same gunicorn settings, two references holding exactly
   those bytes: a bare Django app (no middleware, one view returning the
   bytes from memory: the ceiling for any Django page) and the bytes as a
   static file served by WhiteNoise (a WSGI static file server, so the
   comparison is not distorted by a weak file server).
4. Runs ``wrk`` against each and prints requests per second and latency,
   and the ratio page / bare Django (the target is at least 0.6).

The page is measured warm: the first request of each worker renders the
revision, later ones cost one indexed query and a dictionary lookup.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_SLUG = "why-the-us-ukraine-minerals-deal-stalled"
HOST = "127.0.0.1"
TARGET_RATIO = 0.6


# --- The two references, loaded by gunicorn as "public_page:make_...()" -----


def make_bare_django_app():
    """A Django app with no middleware whose one view returns the page bytes."""
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.urls import path

    page = Path(os.environ["BENCH_PAGE_FILE"]).read_bytes()

    def view(request):
        return HttpResponse(page, content_type="text/html; charset=utf-8")

    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-not-a-secret",
        ALLOWED_HOSTS=[HOST],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )
    globals()["urlpatterns"] = [path("page/", view)]
    django.setup()
    return get_wsgi_application()


def make_static_app():
    """WhiteNoise serving the page as a file; anything else is a 404."""
    from whitenoise import WhiteNoise

    def not_found(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return WhiteNoise(
        not_found, root=os.environ["BENCH_STATIC_ROOT"], autorefresh=False
    )


# --- Running ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited early while starting {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:.0f}s")


def start_gunicorn(app: str, port: int, env: dict, chdir: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--chdir",
        str(chdir),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, env=env, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_wrk(url: str, *, duration: int, connections: int, threads: int) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    )
    out = result.stdout
    found_rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = re.search(r"Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", out)
    if found_rps is None or latency is None:
        raise SystemExit(f"wrk printed no figures:\n{out}")
    rps = float(found_rps.group(1))
    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "avg": latency.group(1),
        "p50": percentiles.get("50", "?"),
        "p99": percentiles.get("99", "?"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--project-db",
        action="store_true",
        help="use the configured database (DATABASE_URL) instead of a throwaway one",
    )
    args = parser.parse_args()
    if not 1 <= args.duration <= 60:
        parser.error("--duration must be between 1 and 60 seconds")

    if shutil.which("wrk") is None:
        print(
            "wrk is not installed; install it with `apt-get install -y wrk` "
            "(Debian package 'wrk') and run this again.",
            file=sys.stderr,
        )
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-public-page-") as tmp:
        tmpdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
            # Persistent connections are the project default; say so explicitly.
            "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
        }
        if not args.project_db:
            env["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
            manage = [sys.executable, "manage.py"]
            for step in (["migrate", "--no-input", "-v0"], ["load_demo"]):
                subprocess.run(
                    manage + step,
                    cwd=REPO_ROOT,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
        database = "project database" if args.project_db else "throwaway SQLite"
        database += f", CONN_MAX_AGE={env['DJANGO_CONN_MAX_AGE']}"

        processes = []
        try:
            port = free_port()
            processes.append(
                start_gunicorn("newsroom.wsgi:application", port, env, REPO_ROOT)
            )
            page_url = f"http://{HOST}:{port}/explainers/{DEMO_SLUG}/"
            page = wait_until_up(page_url, processes[-1])
            (tmpdir / "page.html").write_bytes(page)
            static_root = tmpdir / "static"
            static_root.mkdir()
            (static_root / "page.html").write_bytes(page)

            ref_env = {
                **env,
                "BENCH_PAGE_FILE": str(tmpdir / "page.html"),
                "BENCH_STATIC_ROOT": str(static_root),
            }
            bare_port, static_port = free_port(), free_port()
            bench_dir = Path(__file__).resolve().parent
            processes.append(
                start_gunicorn(
                    "public_page:make_bare_django_app()", bare_port, ref_env, bench_dir
                )
            )
            bare_url = f"http://{HOST}:{bare_port}/page/"
            bare = wait_until_up(bare_url, processes[-1])
            processes.append(
                start_gunicorn(
                    "public_page:make_static_app()", static_port, ref_env, bench_dir
                )
            )
            static_url = f"http://{HOST}:{static_port}/page.html"
            static = wait_until_up(static_url, processes[-1])
            if not page == bare == static:
                raise SystemExit("The three servers do not return the same bytes.")

            targets = [
                ("explainer page (project)", page_url),
                ("bare Django, same bytes", bare_url),
                ("static file (WhiteNoise)", static_url),
            ]
            print(
                f"Demo explainer page, {len(page):,} bytes; gunicorn, 2 sync workers; "
                f"{database}; wrk -t{args.threads} -c{args.connections} "
                f"-d{args.duration}s on {HOST}"
            )
            results = {}
            for name, url in targets:
                # Warm every worker: the first request of each renders the page.
                for _ in range(8):
                    urllib.request.urlopen(url, timeout=5).read()
                results[name] = run_wrk(
                    url,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                )
        finally:
            for process in processes:
                stop(process)

    print(f"{'':28} {'req/s':>10} {'avg':>9} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
    for name, r in results.items():
        print(
            f"{name:28} {r['rps']:>10,.0f} {r['avg']:>9} {r['p50']:>9} "
            f"{r['p99']:>9} {r['errors']:>8}"
        )
    page_rps = results["explainer page (project)"]["rps"]
    bare_rps = results["bare Django, same bytes"]["rps"]
    ratio = page_rps / bare_rps
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(
        f"ratio page / bare Django: {ratio:.2f} ({verdict} the {TARGET_RATIO} target)"
    )
    if any(r["errors"] for r in results.values()):
        print("Some responses were not 2xx/3xx.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
