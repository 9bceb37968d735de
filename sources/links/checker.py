"""What a check found: the outcome of HEAD then GET on a source's address.

No database here: ``services`` records what ``Checker.check`` returns.
"""

import time
from dataclasses import dataclass, field

import httpx
from django.conf import settings

from sources.links.fetch import Answer, Fetcher, NotWebAddress, TooManyRedirects
from sources.links.fingerprint import fingerprint
from sources.links.guard import (
    AddressBlocked,
    AddressPolicy,
    Resolver,
    any_address,
    public_address,
    resolve,
)
from sources.links.limits import HostLimiter
from sources.models import LinkCheck

Outcome = LinkCheck.Outcome

# Answers that say the site turns robots away, not that the page is gone: a
# person can usually still read it, so they never count towards "dead".
REFUSALS = frozenset({401, 403, 407, 429})


def user_agent() -> str:
    contact = settings.LINK_CHECK_CONTACT
    return (
        f"NewsroomCMS-LinkCheck/1.0 (+{contact})"
        if contact
        else ("NewsroomCMS-LinkCheck/1.0")
    )


@dataclass
class CheckResult:
    url: str
    outcome: str
    status_code: int | None = None
    final_url: str = ""
    redirects: list[dict[str, object]] = field(default_factory=list)
    fingerprint: str = ""
    elapsed_ms: int = 0
    error: str = ""
    # Whether this check counts towards calling the link dead.
    failed: bool = False

    @property
    def answered(self) -> bool:
        return self.outcome in (Outcome.LIVE, Outcome.REDIRECTED, Outcome.CHANGED)


class Checker:
    """Checks many addresses on a thread pool; a context manager."""

    def __init__(
        self,
        *,
        policy: AddressPolicy | None = None,
        limiter: HostLimiter | None = None,
        timeout: float | None = None,
        resolver: Resolver = resolve,
    ) -> None:
        if policy is None:
            allow_private = settings.LINK_CHECK_ALLOW_PRIVATE
            policy = any_address if allow_private else public_address
        self.fetcher = Fetcher(
            policy=policy,
            limiter=limiter
            or HostLimiter(
                concurrency=settings.LINK_CHECK_HOST_CONCURRENCY,
                interval=settings.LINK_CHECK_HOST_INTERVAL_SECONDS,
            ),
            user_agent=user_agent(),
            timeout=timeout or settings.LINK_CHECK_TIMEOUT_SECONDS,
            max_redirects=settings.LINK_CHECK_MAX_REDIRECTS,
            max_bytes=settings.LINK_CHECK_MAX_BYTES,
            resolver=resolver,
        )

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.fetcher.close()

    def check(self, url: str, cited_fingerprint: str = "") -> CheckResult:
        """HEAD, then GET: the GET fingerprints the page, or asks again when
        HEAD was refused or failed (many servers answer HEAD badly)."""
        started = time.monotonic()
        result = self._check(url, cited_fingerprint)
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        return result

    def _check(self, url: str, cited_fingerprint: str) -> CheckResult:
        try:
            head = self.fetcher.request("HEAD", url)
            if head.status < 400:
                page = self.fetcher.request("GET", head.final_url)
                page.hops = head.hops + page.hops
            else:
                page = self.fetcher.request("GET", url)
        except (AddressBlocked, NotWebAddress) as exc:
            return CheckResult(url, Outcome.BLOCKED, error=str(exc))
        except TooManyRedirects as exc:
            return CheckResult(url, Outcome.ERROR, error=str(exc), failed=True)
        except httpx.TimeoutException:
            return CheckResult(
                url,
                Outcome.ERROR,
                error=f"No answer within {self.fetcher.timeout:g} seconds.",
                failed=True,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return CheckResult(
                url, Outcome.ERROR, error=str(exc) or type(exc).__name__, failed=True
            )
        return classify(url, page, cited_fingerprint)


def classify(url: str, page: Answer, cited_fingerprint: str) -> CheckResult:
    result = CheckResult(
        url, Outcome.LIVE, page.status, page.final_url, list(page.hops)
    )
    if page.status in REFUSALS:
        result.outcome = Outcome.ERROR
        result.error = f"The site refused the checker (HTTP {page.status})."
    elif page.status >= 400:
        result.outcome = Outcome.DEAD
        result.error = f"HTTP {page.status}."
        result.failed = True
    else:
        result.fingerprint = fingerprint(page.content, page.content_type, page.encoding)
        if cited_fingerprint and result.fingerprint != cited_fingerprint:
            result.outcome = Outcome.CHANGED
        elif page.hops:
            result.outcome = Outcome.REDIRECTED
    return result
