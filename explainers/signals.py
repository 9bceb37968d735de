"""What the editorial services announce, once their transaction has committed.

Notifications, CDN purges and anything else that reacts to editorial work
subscribe here instead of being called from the services: a receiver never
runs inside the editorial transaction, so a failing mail server or CDN can
neither block nor undo a transition.

Every signal is sent with ``sender=Explainer`` (or ``Statistic``) and keyword
arguments only; receivers should accept ``**kwargs``.
"""

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# explainer_id, name (transition name, e.g. "publish"), actor_id, from_state,
# to_state, comment, revision_id (the new live revision for publish, else None)
transitioned = Signal()

# statistic_id, explainer_id, actor_id, state ("approved" / "rejected"), note
claim_decided = Signal()

# statistic_ids, explainer_ids, reason, actor_id: approvals that lapsed
# because content (or a cited source) changed after the review.
approvals_lapsed = Signal()

# explainer_id, action ("publish" / "unpublish"), reason, scheduled_by_id: a
# scheduled step was refused at its time (the gate, a changed explainer, a
# lost role); the explainer stays as it was and the schedule is cancelled.
schedule_refused = Signal()


def send_on_commit(signal: Signal, sender: type, **kwargs: object) -> None:
    """Sends ``signal`` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs), robust=True)


def lapsed_on_commit(
    sender: type,
    *,
    statistic_ids: Iterable[int],
    explainer_ids: Iterable[int],
    reason: str,
    actor_id: int | None,
) -> None:
    send_on_commit(
        approvals_lapsed,
        sender,
        statistic_ids=sorted(set(statistic_ids)),
        explainer_ids=sorted(set(explainer_ids)),
        reason=reason,
        actor_id=actor_id,
    )
