"""A local HTTP server for link checks: live, slow, redirecting, changing and
dead pages, and a fake archive service speaking "Save Page Now" (SPN2).

It counts what it is asked (per Host header: requests in flight at once,
the shortest gap between two requests), so tests and ``bench/link_checks.py``
can see the checker's per-host limits from the server's side.
"""

import contextlib
import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PAGE = "<html><head><title>Report</title></head><body>{text}</body></html>"


def highest_rate(starts: list[float], window: int = 10) -> float:
    """The most requests per second over any ``window`` consecutive ones.

    Over a window rather than between two requests: the server's threads
    read requests a little late or early, which one gap exaggerates.
    """
    if len(starts) <= window:
        return 0.0
    return max(
        window / (starts[i + window] - starts[i])
        if starts[i + window] > starts[i]
        else float("inf")
        for i in range(len(starts) - window)
    )


class LinkServer:
    """Serves on 127.0.0.1 on a free port until ``close()``."""

    def __init__(self, *, archive_key: str = "key", archive_secret: str = "secret"):
        self.texts: dict[str, str] = {"/changing": "The first version of the text."}
        self.statuses: dict[str, int] = {}
        self.slow_seconds = 2.0
        self.hold_seconds = 0.0
        self.archive_auth = f"LOW {archive_key}:{archive_secret}"
        self.archive_fails = False
        self.archived: list[str] = []
        self.requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = defaultdict(int)
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self.starts: dict[str, list[float]] = defaultdict(list)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 256
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def started(self, host: str) -> None:
        with self._lock:
            self.starts[host].append(time.monotonic())
            self._in_flight[host] += 1
            self.max_in_flight[host] = max(
                self.max_in_flight[host], self._in_flight[host]
            )

    def stats(self) -> dict[str, object]:
        """What the server saw per host (``/stats`` answers it as JSON)."""
        with self._lock:
            return {
                "requests": len(self.requests),
                "max_in_flight": dict(self.max_in_flight),
                "max_rate": {
                    host: highest_rate(starts) for host, starts in self.starts.items()
                },
            }

    def finished(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1


def _handler(server: LinkServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass  # Quiet: tests read ``server.requests`` instead.

        def do_HEAD(self):
            self._serve()

        def do_GET(self):
            self._serve()

        def do_POST(self):
            self._serve()

        _host: str | None = None

        def _serve(self):
            host = self.headers.get("Host", "")
            split = urlsplit(self.path)
            server.requests.append(
                {
                    "method": self.command,
                    "path": split.path,
                    "host": host,
                    "user_agent": self.headers.get("User-Agent", ""),
                }
            )
            self._host = host
            server.started(host)
            try:
                if server.hold_seconds:
                    time.sleep(server.hold_seconds)
                self._route(split.path, parse_qs(split.query))
            finally:
                self._done()

        def _done(self):
            # Counted out before the answer leaves: once the client has it,
            # it may send its next request before this thread runs again.
            if self._host is not None:
                server.finished(self._host)
                self._host = None

        def _route(self, path, query):
            if path == "/stats":
                return self._json(200, server.stats())
            if path.startswith("/save/"):
                return self._archive(path)
            if path in server.statuses:
                return self._send(server.statuses[path], "Not here.")
            if path == "/slow":
                time.sleep(server.slow_seconds)
                return self._send(200, "Slow but there.")
            if path == "/redirect":
                return self._send(301, "", location="/live")
            if path == "/redirect-twice":
                return self._send(302, "", location="/redirect")
            if path == "/loop":
                return self._send(302, "", location="/loop")
            if path == "/redirect-to":
                return self._send(302, "", location=query["to"][0])
            if path == "/head-refused" and self.command == "HEAD":
                return self._send(405, "")
            if path == "/big":
                return self._send(200, "word " * 2_000_000)
            if path in ("/dead", "/gone"):
                return self._send(404 if path == "/dead" else 410, "Not found.")
            if path == "/forbidden":
                return self._send(403, "No robots.")
            if path in server.texts:
                return self._send(200, server.texts[path])
            if path.startswith("/live") or path == "/head-refused":
                return self._send(200, "<p>The report says what it said.</p>")
            return self._send(404, "Not found.")

        def _archive(self, path):
            if self.headers.get("Authorization") != server.archive_auth:
                return self._json(401, {"message": "Bad credentials."})
            if self.command == "POST" and path == "/save/":
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                url = form.get("url", [""])[0]
                if server.archive_fails:
                    return self._json(200, {"status": "error", "message": "Nope."})
                server.archived.append(url)
                return self._json(
                    200, {"url": url, "job_id": f"spn2-{len(server.archived)}"}
                )
            if path.startswith("/save/status/"):
                job = int(path.rsplit("-", 1)[-1])
                return self._json(
                    200,
                    {
                        "status": "success",
                        "timestamp": "20261206120000",
                        "original_url": server.archived[job - 1],
                    },
                )
            return self._json(404, {"message": "No such endpoint."})

        def _json(self, status, data):
            self._send(status, json.dumps(data), content_type="application/json")

        def _send(self, status, text, *, location=None, content_type="text/html"):
            body = (
                PAGE.format(text=text).encode()
                if "html" in content_type
                else (text.encode())
            )
            self._done()
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                # The checker stops reading past its size bound.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

    return Handler
