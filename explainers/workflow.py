"""The review workflow as data: which transition goes from where to where.

Pure: no database. The services in ``explainers.services.transitions`` apply
the transitions, and ``explainers.services.content`` applies the one rule for
edits (``EDIT_RESETS_TO_DRAFT``); nothing else changes an explainer's state.
"""

from dataclasses import dataclass

from explainers.models.explainer import Explainer

State = Explainer.State


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    action: str  # completes "Your role cannot ..."
    comment_required: bool = False
    # Legal only while a revision is live: it takes that revision down.
    requires_live_revision: bool = False
    # Refused to anyone who wrote or edited the version (four eyes).
    four_eyes: bool = False
    # The publication gate decides first: the transition is offered before it
    # is legal, so that the gate can say what is missing.
    gated: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            frozenset({State.DRAFT, State.CHANGES_REQUESTED}),
            State.IN_REVIEW,
            "explainers.change_explainer",
            "submit explainers for review",
        ),
        Transition(
            "request_changes",
            "Request changes",
            frozenset({State.IN_REVIEW}),
            State.CHANGES_REQUESTED,
            "explainers.review_explainer",
            "request changes to explainers",
            comment_required=True,
        ),
        Transition(
            "approve",
            "Approve",
            frozenset({State.IN_REVIEW}),
            State.APPROVED,
            "explainers.review_explainer",
            "approve explainers",
            four_eyes=True,
        ),
        Transition(
            "publish",
            "Publish",
            frozenset({State.APPROVED}),
            State.PUBLISHED,
            "explainers.publish_explainer",
            "publish explainers",
            gated=True,
        ),
        # A redraft of a published explainer still has a live revision, so it
        # can be taken down from any state in which something is live.
        Transition(
            "unpublish",
            "Unpublish and archive",
            frozenset(
                {
                    State.PUBLISHED,
                    State.DRAFT,
                    State.IN_REVIEW,
                    State.CHANGES_REQUESTED,
                    State.APPROVED,
                }
            ),
            State.ARCHIVED,
            "explainers.unpublish_explainer",
            "unpublish explainers",
            requires_live_revision=True,
        ),
    ]
}


def is_legal(name: str, *, state: str, has_live_revision: bool) -> bool:
    transition = TRANSITIONS[name]
    if transition.requires_live_revision and not has_live_revision:
        return False
    return state in transition.sources


# Content edits move an explainer back to draft from these states: a reviewer
# decides on the version that was submitted (an edit during review needs a new
# submission), an approval covers only what the reviewer saw, a published
# explainer keeps its live revision while the next version is drafted, and an
# archived one comes back as a draft.
EDIT_RESETS_TO_DRAFT = frozenset(
    {State.IN_REVIEW, State.APPROVED, State.PUBLISHED, State.ARCHIVED}
)
