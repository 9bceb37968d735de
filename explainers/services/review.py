"""Claim review: a reviewer approves or rejects each statistic."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from explainers.digest import statistic_digest
from explainers.errors import InvalidTransition
from explainers.models import Statistic
from explainers.permissions import require_statistic_review
from explainers.services.content import explainer_id_of, lock_explainer
from explainers.signals import claim_decided, send_on_commit
from newsroom.actors import Actor
from newsroom.errors import VersionRequired
from newsroom.services import save_with_history


def _review(
    *,
    statistic_id: int,
    actor: Actor,
    state: str,
    note: str,
    expected_version: int | None = None,
) -> Statistic:
    """Records a reviewer's decision on the statistic as it stands now.

    ``expected_version`` (the explainer's version the reviewer read) is
    required: the decision is refused (StaleWrite) if the content changed since.
    """
    if expected_version is None:
        raise VersionRequired()
    with transaction.atomic():
        # The explainer lock serialises reviews with edits of the same content.
        explainer = lock_explainer(
            explainer_id_of(Statistic, statistic_id),
            expected_version=expected_version,
            version_required=True,
        )
        statistic = explainer.statistics.get(pk=statistic_id)
        require_statistic_review(actor, statistic)
        citations = list(statistic.citations.select_related("source"))
        if state == Statistic.ReviewState.APPROVED and not citations:
            raise InvalidTransition(
                f"Statistic '{statistic.key}' has no citation; it can be approved "
                "once it cites a source."
            )
        statistic.review_state = state
        statistic.reviewed_by = actor
        statistic.reviewed_at = timezone.now()
        statistic.review_note = note
        statistic.reviewed_digest = statistic_digest(statistic, citations)
        label = Statistic.ReviewState(state).label
        save_with_history(
            statistic, actor=actor, reason=f"{label}" + (f": {note}" if note else "")
        )
        send_on_commit(
            claim_decided,
            Statistic,
            statistic_id=statistic.pk,
            explainer_id=explainer.pk,
            actor_id=actor.pk,
            state=state,
            note=note,
        )
    return statistic


def statistic_approve(
    *,
    statistic_id: int,
    actor: Actor,
    note: str = "",
    expected_version: int | None = None,
) -> Statistic:
    return _review(
        statistic_id=statistic_id,
        actor=actor,
        state=Statistic.ReviewState.APPROVED,
        note=note.strip(),
        expected_version=expected_version,
    )


def statistic_reject(
    *,
    statistic_id: int,
    actor: Actor,
    note: str,
    expected_version: int | None = None,
) -> Statistic:
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say why the statistic is rejected."})
    return _review(
        statistic_id=statistic_id,
        actor=actor,
        state=Statistic.ReviewState.REJECTED,
        note=note,
        expected_version=expected_version,
    )
