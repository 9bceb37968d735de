"""PostgreSQL servers of our own on this machine: a streaming replica of a
running cluster (``pg_basebackup -R``), or a fresh cluster (``initdb``) that
a benchmark may stop without touching anybody else's database.

PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user (its files made for it).
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class Unavailable(Exception):
    """PostgreSQL's tools are missing or the primary refuses to be copied."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bindir(major: int | None = None) -> Path:
    """Returns the directory of pg_ctl and friends (of ``major`` if given)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    if major is not None:
        candidates = [c for c in candidates if c.parent.name == str(major)]
    for candidate in candidates:
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise Unavailable("pg_ctl is not installed")


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


@dataclass
class Server:
    """A PostgreSQL server of ours in ``datadir``, on ``port``."""

    datadir: Path
    port: int
    bin: Path

    @property
    def url_base(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*_as_owner(), str(self.bin / "pg_ctl"), "-D", str(self.datadir), *args],
            capture_output=True,
            text=True,
            check=check,
        )

    def start(self) -> None:
        log = self.datadir.parent / "server.log"
        log.touch()
        _own(log)
        self._ctl("-l", str(log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def _configure(datadir: Path, port: int, extra: str = "") -> None:
    # Debian keeps the configuration in /etc; a copied data directory has none.
    (datadir / "postgresql.conf").write_text(
        f"port = {port}\n"
        "listen_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{datadir.parent}'\n"
        "hot_standby = on\n"
        "max_connections = 100\n"
        "shared_buffers = 32MB\n"
        "fsync = off\n" + extra
    )
    (datadir / "pg_hba.conf").write_text(
        "local all all trust\n"
        "host all all 127.0.0.1/32 trust\n"
        "host replication all 127.0.0.1/32 trust\n"
    )
    for name in ("postgresql.conf", "pg_hba.conf"):
        _own(datadir / name)


def _workdir() -> Path:
    root = Path(tempfile.mkdtemp(prefix="newsroom_fleet_pg_"))
    _own(root)
    return root


def replica_of(host: str, port: int, *, major: int | None = None) -> Server:
    """Starts a streaming replica of the cluster at host:port; returns it running."""
    tools = bindir(major)
    root = _workdir()
    datadir = root / "data"
    copy = subprocess.run(
        [
            *_as_owner(),
            str(tools / "pg_basebackup"),
            "-h", host, "-p", str(port), "-U", "postgres",
            "-D", str(datadir), "-R", "-X", "stream", "-c", "fast",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if copy.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise Unavailable(
            "pg_basebackup of the primary failed (it needs a replication entry "
            "in pg_hba.conf, e.g. `host replication all 127.0.0.1/32 trust`): "
            + copy.stderr.strip()
        )
    server = Server(datadir=datadir, port=free_port(), bin=tools)
    _configure(datadir, server.port)
    server.start()
    return server


def fresh_cluster() -> Server:
    """Starts an empty cluster of our own (initdb); returns it running."""
    tools = bindir()
    root = _workdir()
    datadir = root / "data"
    subprocess.run(
        [*_as_owner(), str(tools / "initdb"), "-D", str(datadir), "-U", "postgres",
         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    server = Server(datadir=datadir, port=free_port(), bin=tools)
    _configure(datadir, server.port)
    server.start()
    return server


def wait_until(predicate, *, seconds: float = 30, what: str = "condition") -> None:
    """Polls ``predicate`` until true (a guard against hanging, not a timing test)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(0.1)
