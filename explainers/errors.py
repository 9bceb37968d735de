"""Refusals of the editorial services.

Two different answers: ``django.core.exceptions.PermissionDenied`` means "you
may not" (403); the errors here mean "not possible now" (409, 412, or 428 for a decision
that does not say which version it was taken on).
"""


class WorkflowError(Exception):
    """A request that is allowed for this user but impossible in this state."""

    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidTransition(WorkflowError):
    code = "invalid_transition"


class PublicationBlocked(WorkflowError):
    """Publishing refused by the gate; carries the problems to fix."""

    code = "publication_blocked"

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"Publishing is blocked by {count} problem{'s' if count != 1 else ''}."
        )


class VersionRequired(WorkflowError):
    """A decision was sent without the version the person decided on."""

    code = "version_required"

    def __init__(self):
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
