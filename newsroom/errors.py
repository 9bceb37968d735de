"""Refusals of the editorial services, shared by every app, and their wording.

Two different answers: ``django.core.exceptions.PermissionDenied`` means "you
may not" (403); a ``WorkflowError`` means "not possible now" (409; 412 for a
stale write, 428 for a decision that does not say which version it was taken
on). The API answers them in its error shape (``newsroom.api.errors``); the
admin and the management commands say them in words with
``describe_refusal``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(Exception):
    """A request that is allowed for this user but impossible in this state."""

    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def details(self) -> dict[str, Any]:
        """Returns what an answer adds to the message (the API's extra keys)."""
        return {}


class VersionRequired(WorkflowError):
    """A decision was sent without the version the person decided on."""

    code = "version_required"

    def __init__(self) -> None:
        super().__init__(
            "This decision must say which version of the explainer you read "
            "(If-Match in the API, the page's version in the admin), so that it "
            "cannot apply to content changed since. Reload and decide again."
        )


class StaleWrite(WorkflowError):
    """The object changed since the writer read it."""

    code = "stale_write"

    def __init__(self, *, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"Someone else saved this explainer after you opened it (you edited "
            f"version {expected}, it is now at version {current}). Reload, "
            "reapply your change and save again."
        )


# Everything a service refuses with: catch these, and say them to the person.
REFUSALS = (WorkflowError, PermissionDenied, ValidationError)


def describe_refusal(exc: Exception) -> str:
    """Returns the reason of a service's refusal, in words a person can act on."""
    if isinstance(exc, WorkflowError):
        return exc.message
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "You may not do this."
