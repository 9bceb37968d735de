"""Refusals of the workflow: an illegal transition, a publication the gate blocks.

They are ``WorkflowError``s (409, "not possible now"); the shared refusals and
their wording are in ``newsroom.errors``.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsroom.errors import WorkflowError

if TYPE_CHECKING:
    from explainers.gate import Problem


class InvalidTransition(WorkflowError):
    code = "invalid_transition"


class PublicationBlocked(WorkflowError):
    """Publishing refused by the gate; carries the problems to fix."""

    code = "publication_blocked"

    def __init__(self, problems: Iterable["Problem"]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"Publishing is blocked by {count} problem{'s' if count != 1 else ''}."
        )

    def details(self) -> dict[str, Any]:
        return {"problems": [problem.as_dict() for problem in self.problems]}
