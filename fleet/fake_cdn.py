"""A stand-in for a CDN's purge API that records what it was told.

Threaded HTTP server on a free loopback port; every request (any method) is
recorded with its path, headers and body and answered with the next status
of ``statuses`` (then 200), so tests can make the first purges fail.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class FakeCDN:
    statuses: list[int] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self):
        fake = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with lock:
                    fake.calls.append(
                        Call(self.command, self.path, dict(self.headers), body)
                    )
                    status = fake.statuses.pop(0) if fake.statuses else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "ok"}')

            do_POST = do_PURGE = do_GET = do_DELETE = answer

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
