"""Archive copies through the Wayback Machine's "Save Page Now" API (SPN2).

``POST {ARCHIVE_SAVE_URL}`` with the URL asks for a capture and answers a
job id; ``GET {ARCHIVE_SAVE_URL}status/{job_id}`` says when it is done and
its timestamp; the copy is then at ``/web/{timestamp}/{url}`` on the same
site. Any service speaking this API will do (the tests run a fake one).
"""

import datetime
import time
from dataclasses import dataclass

import httpx
from django.conf import settings

from sources.links.checker import user_agent


class ArchiveError(Exception):
    """The archive service refused or failed; the job tries again later."""


class ArchiveNotConfigured(ArchiveError):
    pass


@dataclass(frozen=True)
class Capture:
    url: str
    date: datetime.date


def archive_configured() -> bool:
    return bool(
        settings.ARCHIVE_SAVE_URL
        and settings.ARCHIVE_ACCESS_KEY
        and settings.ARCHIVE_SECRET_KEY
    )


def request_capture(
    url: str, *, poll_seconds: float = 60, poll_every: float = 3
) -> Capture:
    """Asks the archive service to capture ``url``; returns where the copy is.

    Waits up to ``poll_seconds`` for the capture; raises ``ArchiveError``
    when it fails or is still pending by then.
    """
    if not archive_configured():
        raise ArchiveNotConfigured(
            "Set ARCHIVE_ACCESS_KEY and ARCHIVE_SECRET_KEY to request archive copies."
        )
    save_url = settings.ARCHIVE_SAVE_URL
    if not save_url.endswith("/"):
        save_url += "/"
    key, secret = settings.ARCHIVE_ACCESS_KEY, settings.ARCHIVE_SECRET_KEY
    headers = {
        "Accept": "application/json",
        "Authorization": f"LOW {key}:{secret}",
        "User-Agent": user_agent(),
    }
    with httpx.Client(headers=headers, timeout=30, trust_env=False) as client:
        try:
            started = _json(client.post(save_url, data={"url": url}))
            job_id = started.get("job_id")
            if not job_id:
                reason = str(started.get("message") or "no job id in its answer")
                raise ArchiveError(f"The archive refused {url}: {reason.rstrip('.')}.")
            deadline = time.monotonic() + poll_seconds
            while True:
                status = _json(client.get(f"{save_url}status/{job_id}"))
                if status.get("status") == "success":
                    timestamp = str(status["timestamp"])
                    original = status.get("original_url") or url
                    if not timestamp[:8].isdigit():
                        raise ArchiveError(
                            f"The archive sent a bad timestamp: {timestamp}"
                        )
                    return Capture(
                        url=str(
                            httpx.URL(save_url).join(f"/web/{timestamp}/{original}")
                        ),
                        date=datetime.datetime.strptime(timestamp[:8], "%Y%m%d").date(),
                    )
                if status.get("status") != "pending":
                    reason = str(status.get("message") or status.get("status"))
                    raise ArchiveError(
                        f"The archive could not capture {url}: {reason.rstrip('.')}."
                    )
                if time.monotonic() > deadline:
                    raise ArchiveError(f"The capture of {url} is still pending.")
                time.sleep(poll_every)
        except httpx.HTTPError as exc:
            raise ArchiveError(f"The archive service did not answer: {exc}") from exc


def _json(response: httpx.Response) -> dict[str, object]:
    if response.status_code >= 400:
        raise ArchiveError(f"The archive service answered HTTP {response.status_code}.")
    try:
        data = response.json()
    except ValueError as exc:
        raise ArchiveError("The archive service answered something not JSON.") from exc
    if not isinstance(data, dict):
        raise ArchiveError("The archive service answered something unexpected.")
    return data
