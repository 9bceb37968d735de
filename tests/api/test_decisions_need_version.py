"""Every review decision and transition names the version it was taken on.

DESIGN.md: "a review decision or transition without the version the person
saw answers 428" and "a stale write (If-Match / version) answers 412 and
changes nothing". The API reads the version from If-Match; the admin from the
page's ``expected_version`` field. ``If-Match: *`` names no version.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from explainers.models import Explainer, Statistic, Waiver
from tests.api.conftest import token_client
from tests.api.helpers import assert_error, world
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_in_review,
    make_published,
    reload,
)
from tests.second_factor import verified_login
from tests.versions import seen

pytestmark = pytest.mark.django_db

API_REFUSAL = (
    "This decision must name the version you read: send "
    'If-Match: "<version>" (the explainer\'s ETag). Nothing was changed.'
)
ADMIN_REFUSAL = (
    "This decision must say which version of the explainer you read (If-Match "
    "in the API, the page's version in the admin), so that it cannot apply to "
    "content changed since. Reload and decide again."
)
FINDING_BODY = "The war has displaced [[stat:figure-1]]. Over 1,000 airstrikes hit."


@dataclass(frozen=True)
class Decision:
    name: str
    path: str  # formatted with e (explainer), s (statistic), f (fingerprint)
    body: dict
    state: str  # the explainer's state the decision is taken in
    persona: str
    done: object  # (explainer) -> bool: the decision took effect


def _statistic_state(explainer):
    return explainer.statistics.get().review_state


DECISIONS = [
    Decision(
        "submit", "submit/", {}, "draft", "editor",
        lambda e: reload(e).state == Explainer.State.IN_REVIEW,
    ),
    Decision(
        "request changes", "request-changes/", {"comment": "Source the figure."},
        "in_review", "reviewer",
        lambda e: reload(e).state == Explainer.State.CHANGES_REQUESTED,
    ),
    Decision(
        "approve", "approve/", {}, "in_review", "reviewer",
        lambda e: reload(e).state == Explainer.State.APPROVED,
    ),
    Decision(
        "publish", "publish/", {}, "approved", "reviewer",
        lambda e: reload(e).state == Explainer.State.PUBLISHED,
    ),
    Decision(
        "unpublish", "unpublish/", {}, "published", "chief",
        lambda e: reload(e).state == Explainer.State.ARCHIVED,
    ),
    Decision(
        "approve statistic", "statistics/{s}/approve/", {"note": "Matches."},
        "draft", "reviewer",
        lambda e: _statistic_state(e) == Statistic.ReviewState.APPROVED,
    ),
    Decision(
        "reject statistic", "statistics/{s}/reject/", {"note": "It says 900."},
        "draft", "reviewer",
        lambda e: _statistic_state(e) == Statistic.ReviewState.REJECTED,
    ),
    Decision(
        "waive finding", "findings/{f}/waive/", {"reason": "A quoted headline."},
        "draft", "reviewer",
        lambda e: Waiver.objects.filter(explainer=e).exists(),
    ),
]  # fmt: skip


def build(decision: Decision, editor, reviewer) -> Explainer:
    body = {"body": FINDING_BODY} if decision.name == "waive finding" else {}
    makers: dict[str, Callable[..., Explainer]] = {
        "draft": make_draft,
        "in_review": make_in_review,
        "approved": lambda e, **kw: make_approved(e, reviewer, **kw),
        "published": lambda e, **kw: make_published(e, reviewer, **kw),
    }
    return makers[decision.state](editor, **body)


def path(decision: Decision, explainer, client) -> str:
    base = f"/api/v1/newsroom/explainers/{explainer.pk}/"
    fingerprint = ""
    if "{f}" in decision.path:
        rows = client.get(base + "findings/").json()
        fingerprint = next(
            r["fingerprint"] for r in rows if "airstrikes" in r["phrase"]
        )
    return base + decision.path.format(s=explainer.statistics.get().pk, f=fingerprint)


def everything() -> tuple:
    """What a refused decision must leave as it was, review and waivers included."""
    return (
        world(),
        tuple(
            Statistic.objects.order_by("pk").values_list(
                "review_state", "reviewed_by", "reviewed_at", "review_note",
                "reviewed_digest", "last_edited_by",
            )
        ),
        tuple(Waiver.objects.order_by("pk").values_list("pk", "fingerprint")),
        tuple(Explainer.objects.order_by("pk").values_list("last_edited_by", "state")),
    )  # fmt: skip


@pytest.fixture
def decide(request, editor, reviewer, chief):
    """Builds the explainer for a decision; returns (explainer, client, url)."""

    def prepare(decision: Decision):
        explainer = build(decision, editor, reviewer)
        user = request.getfixturevalue(decision.persona)
        client = token_client(user, reads_first=False)
        return explainer, client, path(decision, explainer, client)

    return prepare


def post(client, url, decision, **headers):
    return client.post(url, decision.body, format="json", **headers)


# --- API -------------------------------------------------------------------------


@pytest.mark.parametrize("decision", DECISIONS, ids=lambda d: d.name)
def test_a_decision_without_if_match_is_refused_428_and_changes_nothing(
    decision, decide
):
    explainer, client, url = decide(decision)
    before = everything()

    response = post(client, url, decision)

    assert_error(response, 428, "version_required", API_REFUSAL)
    assert everything() == before
    assert not decision.done(explainer)


@pytest.mark.parametrize("decision", DECISIONS, ids=lambda d: d.name)
def test_a_decision_with_if_match_star_is_refused_428_too(decision, decide):
    explainer, client, url = decide(decision)
    before = everything()

    response = post(client, url, decision, HTTP_IF_MATCH="*")

    assert_error(response, 428, "version_required", API_REFUSAL)
    assert everything() == before
    assert not decision.done(explainer)


@pytest.mark.parametrize("decision", DECISIONS, ids=lambda d: d.name)
def test_a_decision_naming_the_current_version_is_taken(decision, decide):
    explainer, client, url = decide(decision)

    response = post(client, url, decision, HTTP_IF_MATCH=f'"{seen(explainer.pk)}"')

    assert response.status_code == 200, response.content
    assert decision.done(explainer)


@pytest.mark.parametrize("decision", DECISIONS, ids=lambda d: d.name)
def test_a_decision_naming_an_old_version_is_refused_412(decision, decide):
    explainer, client, url = decide(decision)
    current = seen(explainer.pk)
    before = everything()

    response = post(client, url, decision, HTTP_IF_MATCH=f'"{current - 1}"')

    assert_error(response, 412, "stale_write")
    assert response["ETag"] == f'"{current}"'
    assert everything() == before
    assert not decision.done(explainer)


def test_every_decision_endpoint_is_covered():
    from tests.api.conftest import DECISION

    for decision in DECISIONS:
        url = "/api/v1/newsroom/explainers/1/" + decision.path.format(s=2, f="ab")
        assert DECISION.search(url), decision.name
    assert len(DECISIONS) == 8


# --- Admin -----------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def admin_transition(client, explainer, name, **data):
    return client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/{name}/",
        {"comment": "Looks right.", **data},
        follow=True,
    )


def admin_review(client, statistic, decision, **data):
    return client.post(
        f"/admin/explainers/statistic/{statistic.pk}/review/{decision}/",
        {"note": "The report says 900.", **data},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "state", "persona", "target"),
    [
        ("submit", "draft", "editor", Explainer.State.IN_REVIEW),
        ("approve", "in_review", "reviewer", Explainer.State.APPROVED),
        ("publish", "approved", "reviewer", Explainer.State.PUBLISHED),
        ("unpublish", "published", "chief", Explainer.State.ARCHIVED),
    ],
)
def test_admin_transition_without_the_page_version_changes_nothing(
    name, state, persona, target, client, request, editor, reviewer
):
    explainer = build(Decision(name, "", {}, state, persona, None), editor, reviewer)
    verified_login(client, request.getfixturevalue(persona))
    before = everything()

    refused = admin_transition(client, explainer, name)

    assert refused.status_code == 200
    assert messages_of(refused) == [ADMIN_REFUSAL]
    assert everything() == before

    taken = admin_transition(
        client, explainer, name, expected_version=seen(explainer.pk)
    )

    assert ADMIN_REFUSAL not in messages_of(taken)
    assert reload(explainer).state == target


@pytest.mark.parametrize("version", ["", "not-a-number"])
def test_admin_transition_with_an_unreadable_version_changes_nothing(
    version, client, editor, reviewer
):
    explainer = make_in_review(editor)
    verified_login(client, reviewer)
    before = everything()

    response = admin_transition(client, explainer, "approve", expected_version=version)

    assert messages_of(response) == [ADMIN_REFUSAL]
    assert everything() == before


@pytest.mark.parametrize(
    ("decision", "target"),
    [
        ("approve", Statistic.ReviewState.APPROVED),
        ("reject", Statistic.ReviewState.REJECTED),
    ],
)
def test_admin_statistic_review_without_the_page_version_changes_nothing(
    decision, target, client, editor, reviewer
):
    statistic = make_draft(editor).statistics.get()
    verified_login(client, reviewer)
    before = everything()

    refused = admin_review(client, statistic, decision)

    assert refused.status_code == 200
    assert messages_of(refused) == [ADMIN_REFUSAL]
    assert everything() == before

    taken = admin_review(
        client, statistic, decision, expected_version=seen(statistic.explainer_id)
    )

    assert ADMIN_REFUSAL not in messages_of(taken)
    assert Statistic.objects.get(pk=statistic.pk).review_state == target


def test_admin_approve_button_carries_the_version_it_was_shown(
    client, editor, reviewer
):
    explainer = make_approved(editor, reviewer)
    stale = explainer.version - 1
    verified_login(client, reviewer)
    client.post(
        f"/admin/explainers/explainer/{explainer.pk}/transition/publish/",
        {"expected_version": stale},
    )
    explainer.refresh_from_db()
    assert explainer.state == Explainer.State.APPROVED
    assert explainer.live_revision is None
