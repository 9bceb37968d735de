"""Two publishers at the same moment: the row lock lets exactly one through.

DESIGN.md: "Every transition is atomic (row lock)". SQLite locks the whole
database, so the race is only meaningful on PostgreSQL.
"""

import threading

import pytest
from django.db import connection

from explainers.errors import InvalidTransition
from explainers.models import Explainer, PublishedRevision, TransitionLog
from explainers.services.transitions import explainer_publish
from tests.explainers.workflow_helpers import make_approved, reload
from tests.versions import seen

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
]

# A guard against a deadlocked test run, not a timing assertion.
HANG_GUARD_SECONDS = 60


def test_concurrent_publish_makes_exactly_one_revision(editor, reviewer, chief):
    explainer = make_approved(editor, reviewer)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def publish_as(actor):
        try:
            barrier.wait(timeout=HANG_GUARD_SECONDS)
            outcomes[actor.username] = explainer_publish(
                explainer_id=explainer.pk,
                actor=actor,
                expected_version=seen(explainer.pk),
            )
        except Exception as exc:  # recorded and asserted on below
            outcomes[actor.username] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish_as, args=(actor,))
        for actor in (reviewer, chief)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=HANG_GUARD_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "publishers deadlocked"

    published = [o for o in outcomes.values() if isinstance(o, PublishedRevision)]
    refused = [o for o in outcomes.values() if not isinstance(o, PublishedRevision)]
    assert len(published) == 1, outcomes
    assert len(refused) == 1, outcomes
    # Refused by the workflow ("not possible now"), not by a database error.
    assert type(refused[0]) is InvalidTransition, repr(refused[0])

    assert PublishedRevision.objects.filter(explainer=explainer).count() == 1
    explainer = reload(explainer)
    assert explainer.state == Explainer.State.PUBLISHED
    assert explainer.live_revision_id == published[0].pk
    assert (
        TransitionLog.objects.filter(explainer=explainer, transition="publish").count()
        == 1
    )
