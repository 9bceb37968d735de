"""HTTP for the link checker: one request, redirects followed by hand.

Redirects are followed here rather than by httpx so that every hop is
recorded, bounded, waits for its host's turn (``limits``) and opens its
connection through the address guard (``guard``). Bodies are read up to a
bound and no further.
"""

import logging
import time
from dataclasses import dataclass, field

import httpx

from sources.links.guard import AddressPolicy, GuardedTransport, Resolver, resolve
from sources.links.limits import HostLimiter

# httpx logs every request at INFO, thousands per sweep; the LinkCheck rows
# are the record, and httpx's warnings still show.
logging.getLogger("httpx").setLevel(logging.WARNING)


class NotWebAddress(Exception):
    """A URL (or a redirect's target) that is not http or https."""


class TooManyRedirects(Exception):
    pass


@dataclass
class Answer:
    status: int
    final_url: str
    hops: list[dict[str, object]] = field(default_factory=list)
    content: bytes = b""
    content_type: str = ""
    encoding: str | None = None
    truncated: bool = False


def host_key(url: httpx.URL) -> str:
    """The host a request counts against: its name, and its port if any."""
    return url.host if url.port is None else f"{url.host}:{url.port}"


class Fetcher:
    """A thread-safe HTTP client for many checks; close it when done."""

    def __init__(
        self,
        *,
        policy: AddressPolicy,
        limiter: HostLimiter,
        user_agent: str,
        timeout: float,
        max_redirects: int,
        max_bytes: int,
        max_connections: int = 100,
        resolver: Resolver = resolve,
    ) -> None:
        self.limiter = limiter
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.client = httpx.Client(
            transport=GuardedTransport(
                policy, resolver=resolver, max_connections=max_connections
            ),
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            },
        )

    def close(self) -> None:
        self.client.close()

    def request(self, method: str, url: str) -> Answer:
        """Sends ``method`` to ``url``, following up to ``max_redirects`` hops.

        Raises ``NotWebAddress``, ``TooManyRedirects``, ``guard.AddressBlocked``
        or an ``httpx.HTTPError`` (timeouts, connection failures).
        """
        hops: list[dict[str, object]] = []
        current = httpx.URL(url)
        for _ in range(self.max_redirects + 1):
            if current.scheme not in ("http", "https") or not current.host:
                raise NotWebAddress(f"{current} is not an http or https address.")
            with (
                self.limiter.slot(host_key(current)),
                self.client.stream(method, current) as response,
            ):
                location = response.headers.get("location")
                if response.is_redirect and location:
                    hops.append({"url": str(current), "status": response.status_code})
                    current = current.join(location)
                    continue
                answer = Answer(
                    status=response.status_code,
                    final_url=str(current),
                    hops=hops,
                    content_type=response.headers.get("content-type", "").lower(),
                    encoding=response.charset_encoding,
                )
                if method == "GET":
                    self._read(response, answer)
                return answer
        raise TooManyRedirects(
            f"More than {self.max_redirects} redirects, the last to {current}."
        )

    def _read(self, response: httpx.Response, answer: Answer) -> None:
        # A page that trickles its body forever still ends: each read has the
        # timeout, and the whole body gets twice the timeout.
        deadline = time.monotonic() + 2 * self.timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.max_bytes:
                answer.truncated = True
                break
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("The page took too long to send.")
        answer.content = b"".join(chunks)[: self.max_bytes]
