"""The publication checklist split by whose work each item is.

The gate lists problems; a person looking at the page needs to know which are
theirs to fix now and which wait for someone else, and what happens next in
the explainer's current state.
"""

from explainers.models import Explainer
from explainers.permissions import user_can_edit, user_can_waive
from newsroom.actors import Visitor

State = Explainer.State

# Problems a reviewer resolves (by deciding); every other problem is fixed in
# the text, its statistics or its sources, by an editor.
REVIEWER_CODES = frozenset({"statistic_unapproved", "explainer_unapproved"})


def is_reviewer(user: Visitor) -> bool:
    return user.has_perm("explainers.review_statistic") or user.has_perm(
        "explainers.review_explainer"
    )


def whose(code: str, user: Visitor) -> str:
    """ "you" or "other": whether ``user`` is the one to resolve a problem."""
    if code == "uncited_number":
        # An editor makes it a statistic; a reviewer may waive it.
        mine = user_can_edit(user) or user_can_waive(user)
    elif code in REVIEWER_CODES:
        mine = is_reviewer(user)
    else:
        mine = user_can_edit(user)
    return "you" if mine else "other"


def fix_text(code: str, fix: str, explainer: Explainer) -> str:
    """The gate's fix, said for the state the explainer is in."""
    if code == "explainer_unapproved" and explainer.state == State.IN_REVIEW:
        return "It is waiting for a reviewer other than its authors to approve it."
    if code == "explainer_unapproved" and explainer.state == State.CHANGES_REQUESTED:
        return "Answer the reviewer's comment, then submit it for review again."
    return fix


def others_label(user: Visitor) -> str:
    return (
        "For the editor"
        if is_reviewer(user) and not user_can_edit(user)
        else ("For the reviewer")
    )


def next_step(explainer: Explainer, user: Visitor, *, mine: int, blocking: int) -> str:
    """One sentence: where the explainer stands and what ``user`` does next."""
    state = explainer.state
    reviewer = is_reviewer(user)
    editor = user_can_edit(user)
    if state in {State.DRAFT, State.CHANGES_REQUESTED}:
        returned = state == State.CHANGES_REQUESTED
        if not editor:
            return (
                "Changes were requested; the editor is working on them."
                if returned
                else "A draft: the editor has not submitted it for review yet."
            )
        if mine:
            return (
                "Fix the items for you below, then submit it for review again."
                if returned
                else "Fix the items for you below, then submit it for review."
            )
        return "Ready for review: submit it." + (
            " The reviewer will decide each claim." if blocking else ""
        )
    if state == State.IN_REVIEW:
        if reviewer:
            return (
                "Waiting for your review: decide each claim, then approve the "
                "explainer or request changes."
            )
        return (
            "Submitted: waiting for a reviewer. Saving a change now takes it "
            "back to draft, to be submitted again."
        )
    if state == State.APPROVED:
        if reviewer and not blocking:
            return "Approved: it can be published."
        if reviewer:
            return "Approved, but the items below must be resolved before publishing."
        return (
            "Approved: waiting for a reviewer to publish it. Editing it now "
            "returns it to draft and needs a new review."
        )
    if state == State.PUBLISHED:
        return (
            "Published. An edit starts a new draft; readers keep the published "
            "version until the new one is reviewed and published."
        )
    return "Archived: readers see a notice that it was withdrawn."
