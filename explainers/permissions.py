"""Who may do what: predicates shared by admin, API and commands.

Each ``user_can_*`` answers a yes/no; each ``require_*`` raises
``PermissionDenied`` with the reason a person can act on. Who wrote or changed
what is read from history by ``explainers.editors``; the rules here only
word its answers.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from explainers.editors import explainer_writer_ids, statistic_editor_ids
from explainers.models import Explainer, Statistic
from explainers.workflow import TRANSITIONS
from newsroom.actors import Visitor
from newsroom.second_factor import REFUSAL as SECOND_FACTOR_REFUSAL
from newsroom.second_factor import second_factor_verified

# Taking these is an editor's work, open without a second factor; every other
# transition, claim decision and waiver is a reviewer's or chief editor's
# decision and needs one (``newsroom.second_factor``).
EDITOR_TRANSITIONS = frozenset({"submit"})


def _authored_or_edited(
    user: Visitor,
    *,
    created_by_id: int | None,
    last_edited_by_id: int | None,
    author_ids: Iterable[int] = (),
) -> bool:
    return user.pk in {created_by_id, last_edited_by_id, *author_ids}


def user_can_edit(user: Visitor) -> bool:
    return user.is_active and user.has_perm("explainers.change_explainer")


def require_edit(user: Visitor) -> None:
    if not user_can_edit(user):
        raise PermissionDenied("Your role cannot edit explainers.")


def transition_refusal(user: Visitor, explainer: Explainer, name: str) -> str | None:
    """Returns why ``user`` may not take transition ``name``, or None."""
    transition = TRANSITIONS[name]
    if not (user.is_active and user.has_perm(transition.permission)):
        return f"Your role cannot {transition.action}."
    if transition.four_eyes and user.pk in explainer_writer_ids(explainer):
        return (
            "You wrote or edited this version of the explainer; another reviewer "
            "must approve it (four eyes)."
        )
    if name not in EDITOR_TRANSITIONS and not second_factor_verified(user):
        return SECOND_FACTOR_REFUSAL
    return None


def require_transition(user: Visitor, explainer: Explainer, name: str) -> None:
    reason = transition_refusal(user, explainer, name)
    if reason:
        raise PermissionDenied(reason)


def statistic_review_refusal(user: Visitor, statistic: Statistic) -> str | None:
    """Returns why ``user`` may not approve or reject ``statistic``, or None."""
    if not (user.is_active and user.has_perm("explainers.review_statistic")):
        return "Your role cannot review statistics."
    # Its author never reviews it; anyone else who changed it, its citations
    # or a cited source may not review it until another reviewer approved
    # it after their change (read from history).
    if user.pk == statistic.created_by_id or user.pk in statistic_editor_ids(statistic):
        return (
            "You created or changed this statistic (or its citations or a "
            "source it cites) since it was last approved; another reviewer "
            "must review it (four eyes)."
        )
    explainer = statistic.explainer
    if _authored_or_edited(
        user,
        created_by_id=explainer.created_by_id,
        last_edited_by_id=None,
        author_ids=[a.pk for a in explainer.authors.all()],
    ):
        return (
            "You are an author of this explainer; another reviewer must review "
            "its statistics (four eyes)."
        )
    if not second_factor_verified(user):
        return SECOND_FACTOR_REFUSAL
    return None


def require_statistic_review(user: Visitor, statistic: Statistic) -> None:
    reason = statistic_review_refusal(user, statistic)
    if reason:
        raise PermissionDenied(reason)


def user_can_waive(user: Visitor) -> bool:
    return user.is_active and user.has_perm("explainers.waive_finding")


def require_waive(user: Visitor, explainer: Explainer | None = None) -> None:
    """Waiving is a reviewer's decision, and never on one's own text."""
    if not user_can_waive(user):
        raise PermissionDenied("Only reviewers can waive detected numbers.")
    if explainer is not None and _authored_or_edited(
        user,
        created_by_id=explainer.created_by_id,
        last_edited_by_id=explainer.last_edited_by_id,
        author_ids=[a.pk for a in explainer.authors.all()],
    ):
        raise PermissionDenied(
            "You wrote or last edited this explainer; another reviewer must "
            "decide whether its numbers are statistics (four eyes)."
        )
    if not second_factor_verified(user):
        raise PermissionDenied(SECOND_FACTOR_REFUSAL)
