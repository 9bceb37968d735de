"""Who may do what: predicates shared by admin, API and commands.

Each ``user_can_*`` answers a yes/no; each ``require_*`` raises
``PermissionDenied`` with the reason a person can act on.
"""

from django.core.exceptions import PermissionDenied

from explainers.models import Explainer, Statistic
from explainers.workflow import TRANSITIONS


def _authored_or_edited(user, *, created_by_id, last_edited_by_id, author_ids=()):
    return user.pk in {created_by_id, last_edited_by_id, *author_ids}


def user_can_edit(user) -> bool:
    return user.is_active and user.has_perm("explainers.change_explainer")


def require_edit(user) -> None:
    if not user_can_edit(user):
        raise PermissionDenied("Your role cannot edit explainers.")


def transition_refusal(user, explainer: Explainer, name: str) -> str | None:
    """Returns why ``user`` may not take transition ``name``, or None."""
    transition = TRANSITIONS[name]
    if not (user.is_active and user.has_perm(transition.permission)):
        return f"Your role cannot {transition.action}."
    if name == "approve" and (
        _authored_or_edited(
            user,
            created_by_id=explainer.created_by_id,
            last_edited_by_id=explainer.last_edited_by_id,
            author_ids=[a.pk for a in explainer.authors.all()],
        )
        or user.pk in content_editor_ids(explainer)
    ):
        return (
            "You wrote or edited this version of the explainer; another reviewer "
            "must approve it (four eyes)."
        )
    return None


def content_editor_ids(explainer: Explainer) -> set[int]:
    """Returns who changed the explainer's content since it was last published.

    Every content change (text, boxes, statistics, citations) bumps the
    explainer's version and writes a history row, so the editors are the users
    of the rows whose version differs from the row before.
    """
    last_publication = (
        explainer.transitions.filter(transition="publish")
        .values_list("created_at", flat=True)
        .first()
    )
    editors: set[int] = set()
    previous = None
    rows = explainer.history.order_by("history_date", "history_id").values_list(
        "history_user_id", "version", "history_date"
    )
    for user_id, version, when in rows:
        edited = version != previous
        if edited and user_id and (last_publication is None or when > last_publication):
            editors.add(user_id)
        previous = version
    return editors


def require_transition(user, explainer: Explainer, name: str) -> None:
    reason = transition_refusal(user, explainer, name)
    if reason:
        raise PermissionDenied(reason)


def statistic_review_refusal(user, statistic: Statistic) -> str | None:
    """Returns why ``user`` may not approve or reject ``statistic``, or None."""
    if not (user.is_active and user.has_perm("explainers.review_statistic")):
        return "Your role cannot review statistics."
    if _authored_or_edited(
        user,
        created_by_id=statistic.created_by_id,
        last_edited_by_id=statistic.last_edited_by_id,
    ):
        return (
            "You created or last changed this statistic (or its citations or "
            "source); another reviewer must review it (four eyes)."
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
    return None


def require_statistic_review(user, statistic: Statistic) -> None:
    reason = statistic_review_refusal(user, statistic)
    if reason:
        raise PermissionDenied(reason)


def user_can_waive(user) -> bool:
    return user.is_active and user.has_perm("explainers.waive_finding")


def require_waive(user, explainer: Explainer | None = None) -> None:
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
