"""A fleet on one machine: nginx in front of app servers (gunicorn) sharing
PostgreSQL, Redis and the job queue (RQ on Redis), plus a job worker.

Used by ``fleet/run.py`` (the checks CI runs) and ``bench/fleet_page.py``.
Everything it starts it stops; its database and its Redis keys are its own.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import redis

from fleet.postgres import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():
    PYTHON = sys.executable
DEMO_PASSWORD = "fleet-demo-password-2026"

NGINX_CONF = """\
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # One id from the load balancer to the app's JSON logs.
            proxy_set_header X-Request-ID $request_id;
            # A dead app server: the same request goes to the next one
            # (never a POST, which nginx does not repeat).
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


def http(
    url: str,
    *,
    method: str = "GET",
    data: dict | None = None,
    headers: dict | None = None,
) -> tuple[int, Message, bytes]:
    """One request; returns status, headers and body (errors included)."""
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("== installing Debian's nginx", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "nginx"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return "/usr/sbin/nginx"
    raise SystemExit("nginx is not installed (Debian: apt-get install nginx)")


@dataclass
class Fleet:
    database_url: str
    redis_url: str
    cdn_url: str = ""
    app_servers: int = 2
    workers_per_server: int = 2
    env_extra: dict[str, str] = field(default_factory=dict)
    workdir: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="newsroom_fleet_"))
    )
    apps: dict[int, subprocess.Popen] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)
    worker: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None
    nginx_port: int = 0

    @property
    def key_prefix(self) -> str:
        return f"fleet{os.getpid()}"

    def env(self) -> dict[str, str]:
        metrics_dir = self.workdir / "metrics"
        metrics_dir.mkdir(exist_ok=True)
        return {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "fleet-only-secret-key-never-used-in-production-0123",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "REDIS_KEY_PREFIX": self.key_prefix,
            # The job queue every server and worker shares: RQ on Redis
            # (FLEET_JOB_QUEUE=database: the queue in PostgreSQL).
            "JOB_QUEUE": os.environ.get("FLEET_JOB_QUEUE", "redis"),
            "CDN_PURGE_URL": self.cdn_url,
            "CDN_PURGE_STYLE": "fastly",
            "CDN_SITE_URL": "http://127.0.0.1",
            # nginx is the one proxy in front: its X-Forwarded-For is trusted.
            "DJANGO_NUM_PROXIES": "1",
            "DJANGO_LOG_FORMAT": "json",
            "LINK_CHECK_ENABLED": "false",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            **self.env_extra,
        }

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def prepare(self) -> None:
        """Migrates the fleet's database and loads the demo newsroom."""
        self.manage("migrate", "--no-input")
        self.manage("setup_roles")
        self.manage("load_demo", "--password", DEMO_PASSWORD)

    def token(self, username: str) -> str:
        out = self.manage("drf_create_token", username, "--name", "fleet check")
        return out.split("Generated token ", 1)[1].split()[0]

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115  (the child's)
        # A session of its own: killing it by its group id kills its children.
        return subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_app(self, index: int) -> None:
        if len(self.ports) <= index:
            self.ports.append(free_port())
        port = self.ports[index]
        self.apps[index] = self._spawn(
            f"app{index}",
            [
                PYTHON, "-m", "gunicorn", "newsroom.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(self.workers_per_server),
                "--graceful-timeout", "5",
            ],
        )  # fmt: skip
        wait_until(
            lambda: self._answers(f"http://127.0.0.1:{port}/healthz"),
            seconds=60,
            what=f"app server {index} on port {port}",
        )

    def kill_app(self, index: int) -> None:
        kill_group(self.apps[index], signal.SIGKILL)

    def start_worker(self) -> None:
        self.worker = self._spawn("worker", [PYTHON, "manage.py", "run_worker"])

    def kill_worker(self) -> None:
        assert self.worker is not None
        kill_group(self.worker, signal.SIGKILL)

    def start_nginx(self, indexes: list[int] | None = None) -> None:
        self.nginx_port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{self.ports[i]} max_fails=1 fail_timeout=10s;"
            for i in (indexes if indexes is not None else range(len(self.ports)))
        )
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(dir=self.workdir, servers=servers, port=self.nginx_port)
        )
        self.nginx = subprocess.Popen(
            [nginx_binary(), "-c", str(conf), "-p", str(self.workdir),
             "-g", "daemon off;"],
            stdout=open(self.workdir / "nginx.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_until(
            lambda: self._answers(f"{self.url}/healthz"), seconds=30, what="nginx"
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return http(url)[0] == 200
        except OSError:
            return False

    def start(self) -> None:
        self.prepare()
        for index in range(self.app_servers):
            self.start_app(index)
        self.start_worker()
        self.start_nginx()

    def forget_redis_keys(self) -> None:
        """Deletes this fleet's cache keys and its RQ queue (its own DB number)."""
        client = redis.Redis.from_url(self.redis_url)
        for pattern in (f"{self.key_prefix}:*", "rq:*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)

    def stop(self) -> None:
        for process in [self.nginx, self.worker, *self.apps.values()]:
            if process is not None:
                kill_group(process, signal.SIGTERM)
        self.forget_redis_keys()


def fresh_database(admin_url: str, name: str) -> str:
    """(Re)creates database ``name`` on the server of ``admin_url``; returns its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kill_group(process: subprocess.Popen, signum: int) -> None:
    """Signals a process we started and its children (its own session)."""
    # The group outlives its leader when children are left: signal it anyway.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
