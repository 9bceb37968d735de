"""A bounded password spray against the admin login, on 127.0.0.1 only.

Run from the repository root with ``python bench/password_spray.py`` (or
``--url http://127.0.0.1:PORT`` for a server already running; its accounts
must then exist). It prints every attempt and when each account, and each
attacking address, is stopped by the login limits (django-axes).

What it does, bounded in attempts and time:

1. Creates a throwaway SQLite database, migrates it, and makes the newsroom
   roles and four accounts (editor, reviewer, chief, desk), then serves the
   project with gunicorn on 127.0.0.1 with production settings (DEBUG off,
   plain HTTP).
2. Phase 1, a spray from one address (127.0.0.1): the first password from a
   list of common ones against every account, then the second, and so on.
3. Phase 2, a distributed spray: every attempt from another loopback address
   (127.0.0.2, 127.0.0.3, ...), as a botnet would, so that only the
   per-account limit can stop it. The reviewer's real password is in the
   list, late, as a leaked one would be.

Answers are read as a browser would: 302 is a sign-in (then the second
factor), 200 the form again (wrong password), 429 the lockout page.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.public_page import free_port, start_gunicorn, stop, wait_until_up

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ACCOUNTS = ["editor", "reviewer", "chief", "desk"]
REAL_PASSWORD = "Kyiv-spring-2026"  # the reviewer's, leaked; the others differ
COMMON = [
    "123456",
    "password",
    "Password1",
    "qwerty123",
    "Welcome1!",
    "Summer2026!",
    "newsroom",
    "letmein",
    REAL_PASSWORD,
    "Winter2026!",
]
# Hard bounds whatever the options: attempts and seconds.
MAX_ATTEMPTS = 200
MAX_SECONDS = 120
GUESSED: list[str] = []
TOTAL: dict[str, int] = dict.fromkeys(ACCOUNTS, 0)  # both phases


def prepare_database(directory: Path) -> dict:
    """A fresh SQLite database with the roles and the accounts; returns env."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{directory / 'spray.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        # The server's own warnings (each failure, each lockout) stay quiet.
        "DJANGO_LOG_LEVEL": "ERROR",
        "DEMO_SKIP_SECOND_FACTOR": "false",
    }
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group, User
from newsroom.roles import setup_roles
setup_roles()
roles = {{"editor": "Editors", "reviewer": "Reviewers", "chief": "Chief editors",
         "desk": "Editors"}}
for name, role in roles.items():
    user = User.objects.create_user(name, password=(
        {REAL_PASSWORD!r} if name == "reviewer" else "a-long-unguessed-" + name
    ), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
"""
    subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        cwd=REPO_ROOT,
        check=True,
    )
    return env


class Browser:
    """One attacking client: its own source address and cookies."""

    def __init__(self, base: str, source: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or HOST, parts.port or 80
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=10, source_address=(self.source, 0)
        )
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}/admin/login/"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        connection.close()
        return response.status, text

    def try_password(self, username: str, password: str) -> str:
        status, page = self.request("GET", "/admin/login/")
        if status == 429:
            return "locked"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            return f"no form ({status})"
        body = urlencode(
            {
                "csrfmiddlewaretoken": token[1],
                "username": username,
                "password": password,
                "next": "/admin/",
            }
        )
        status, _ = self.request("POST", "/admin/login/?next=/admin/", body)
        return {302: "SIGNED IN", 200: "refused", 429: "locked"}.get(
            status, f"status {status}"
        )


def spray(
    base: str, *, distributed: bool, budget: list[int], started: float
) -> tuple[dict[str, int | None], int | None]:
    """One phase; returns {account: its attempt that met the lockout, or None}
    and the attempt at which the single address was stopped."""
    stopped: dict[str, int | None] = dict.fromkeys(ACCOUNTS)
    attempts: dict[str, int] = dict.fromkeys(ACCOUNTS, 0)
    address_stopped_at = None
    n = 0
    single = Browser(base, HOST)
    for password in COMMON:
        for account in ACCOUNTS:
            if budget[0] <= 0 or time.monotonic() - started > MAX_SECONDS:
                print("  bound reached: stopping")
                return stopped, address_stopped_at
            if stopped[account] is not None:
                continue
            n += 1
            budget[0] -= 1
            attempts[account] += 1
            TOTAL[account] += 1
            source = f"127.0.{n // 250}.{n % 250 + 2}" if distributed else HOST
            browser = Browser(base, source) if distributed else single
            outcome = browser.try_password(account, password)
            print(
                f"  #{n:3d} from {source:<11} {account:<9} {password!r:<20} {outcome}"
            )
            if outcome == "locked":
                if distributed:
                    stopped[account] = attempts[account]
                    print(
                        f"  -> {account} stopped at its attempt {attempts[account]} "
                        "of this phase: every address now gets the lockout page"
                    )
                elif address_stopped_at is None:
                    address_stopped_at = n
                    print(
                        f"  -> address {source} stopped at attempt {n}: the "
                        "lockout page for every account from then on"
                    )
                    return stopped, address_stopped_at
            elif outcome == "SIGNED IN":
                GUESSED.append(account)
                stopped[account] = attempts[account]
                print(f"  -> {account}: password guessed; the second factor is next")
    return stopped, address_stopped_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a server already running on 127.0.0.1")
    parser.add_argument("--max-attempts", type=int, default=120)
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("Only a server on 127.0.0.1 is ever a target.")
    budget = [min(args.max_attempts, MAX_ATTEMPTS)]
    started = time.monotonic()
    server = None
    with tempfile.TemporaryDirectory() as directory:
        if args.url:
            base = args.url.rstrip("/")
        else:
            env = prepare_database(Path(directory))
            port = free_port()
            base = f"http://{HOST}:{port}"
            server = start_gunicorn("newsroom.wsgi", port, env, REPO_ROOT)
        try:
            if server is not None:
                wait_until_up(f"{base}/healthz", server)
            print(
                f"Target {base}; accounts {', '.join(ACCOUNTS)}; "
                f"{len(COMMON)} common passwords; at most {budget[0]} attempts."
            )
            print("\nPhase 1: one address sprays every account")
            _, address_at = spray(
                base, distributed=False, budget=budget, started=started
            )
            print("\nPhase 2: a new address for every attempt (a botnet)")
            stopped, _ = spray(base, distributed=True, budget=budget, started=started)
        finally:
            if server is not None:
                stop(server)
    print("\nSummary")
    print(f"  one address: stopped at attempt {address_at}")
    for account, at in stopped.items():
        if account in GUESSED:
            print(f"  {account}: PASSWORD GUESSED at its attempt {at}")
        elif at is None:
            print(f"  {account}: never stopped within the bound")
        else:
            print(
                f"  {account}: locked at its attempt {at} of the botnet phase, "
                f"its attempt {TOTAL[account]} in all"
            )
    print(
        f"  guessed passwords: {len(GUESSED)} (the reviewer's real one is "
        f"number {COMMON.index(REAL_PASSWORD) + 1} in the list)"
    )
    guessed = GUESSED
    print(
        f"  elapsed {time.monotonic() - started:.1f}s; "
        f"{min(args.max_attempts, MAX_ATTEMPTS) - budget[0]} attempts sent"
    )
    return 1 if guessed or any(at is None for at in stopped.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
