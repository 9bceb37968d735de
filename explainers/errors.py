"""Refusals of the workflow: an illegal transition, a publication the gate blocks.

They are ``WorkflowError``s (409, "not possible now"); the shared refusals and
their wording are in ``newsroom.errors``.
"""

from newsroom.errors import WorkflowError


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

    def details(self) -> dict:
        return {"problems": [problem.as_dict() for problem in self.problems]}
