"""The newsroom API's permission matrix.

Every endpoint and method, for anonymous, outsider (staff with no role),
editor, reviewer and chief: the allowed request succeeds, the refused one
answers the exact status and message, and changes nothing.
"""

from dataclasses import dataclass, field

import pytest

from explainers.models import Explainer
from explainers.permissions import statistic_review_refusal, transition_refusal
from newsroom.roles import EDITORS, REVIEWERS
from newsroom.second_factor import vouch
from tests.api.conftest import token_client
from tests.api.helpers import assert_error, world
from tests.conftest import ensure_roles, shared_rows
from tests.explainers.workflow_helpers import (
    make_approved,
    make_draft,
    make_in_review,
    make_published,
)
from tests.factories import SourceFactory, UserFactory

NOT_AUTHENTICATED = "Authentication credentials were not provided."
CANNOT_EDIT = "Your role cannot edit explainers."
MARK_SOURCE = (
    "Only reviewers and chief editors can mark a source corrected or retracted."
)


@dataclass
class Case:
    name: str
    method: str
    path: str  # formatted with e (explainer), b (box), s (statistic), c, src
    body: dict | None = None
    state: str = "draft"
    allowed: dict = field(default_factory=dict)  # persona -> status
    refused: dict = field(default_factory=dict)  # persona -> (status, message)
    outsider: str | None = None  # message for the staff account with no role
    # For workflow and review refusals the expected message is the service's
    # own reason (explainers.permissions), passed through verbatim.
    transition: str | None = None
    review: bool = False


E = "/api/v1/newsroom/explainers/{e}/"
BOX = E + "boxes/{b}/"
STAT = E + "statistics/{s}/"
CIT = STAT + "citations/{c}/"
SRC = "/api/v1/newsroom/sources/{src}/"

READERS = {"editor": 200, "reviewer": 200, "chief": 200}
WRITERS = {"editor": None, "chief": None}  # status set per case
NEW_BOX = {"kind": "history", "title": "Earlier", "body": "Long ago."}
NEW_STAT = {"key": "new-figure", "claim": "Counted.", "display_text": "12 people"}
NEW_SOURCE = {"kind": "ngo", "title": "Field report", "publisher": "An NGO"}


def reads(name, path, label):
    return Case(
        name,
        "get",
        path,
        allowed=dict(READERS),
        outsider=f"Your role cannot view {label}.",
    )


def content_write(name, method, path, body, status):
    return Case(
        name,
        method,
        path,
        body,
        allowed={"editor": status, "chief": status},
        refused={"reviewer": (403, CANNOT_EDIT)},
        outsider=CANNOT_EDIT,
    )


def transition(name, path, body, state, allowed, *, workflow=None, review=False):
    refused = {
        persona: (403, None)
        for persona in ("editor", "reviewer", "chief")
        if persona not in allowed
    }
    return Case(
        name,
        "post",
        path,
        body,
        state,
        allowed,
        refused,
        transition=workflow,
        review=review,
    )


CASES = [
    reads("explainer list", "/api/v1/newsroom/explainers/", "explainers"),
    reads("explainer detail", E, "explainers"),
    reads("checks", E + "checks/", "explainers"),
    reads("history", E + "history/", "explainers"),
    reads("box list", E + "boxes/", "background boxes"),
    reads("box detail", BOX, "background boxes"),
    reads("statistic list", E + "statistics/", "statistics"),
    reads("statistic detail", STAT, "statistics"),
    reads("citation list", STAT + "citations/", "citations"),
    reads("citation detail", CIT, "citations"),
    reads("source list", "/api/v1/newsroom/sources/", "sources"),
    reads("source uses", SRC + "uses/", "sources"),
    Case(
        "mark source retracted",
        "post",
        SRC + "status/",
        {"status": "retracted", "note": "Withdrawn by its publisher."},
        allowed={"reviewer": 200, "chief": 200},
        refused={"editor": (403, MARK_SOURCE)},
        outsider=MARK_SOURCE,
    ),
    reads("source detail", SRC, "sources"),
    content_write(
        "create explainer",
        "post",
        "/api/v1/newsroom/explainers/",
        {"title": "New", "slug": "brand-new"},
        201,
    ),
    content_write("patch explainer", "patch", E, {"title": "Renamed"}, 200),
    content_write(
        "put explainer", "put", E, {"title": "Replaced", "slug": "replaced"}, 200
    ),
    content_write("create box", "post", E + "boxes/", NEW_BOX, 201),
    content_write("patch box", "patch", BOX, {"title": "Renamed box"}, 200),
    content_write("put box", "put", BOX, NEW_BOX, 200),
    content_write("delete box", "delete", BOX, None, 204),
    content_write("create statistic", "post", E + "statistics/", NEW_STAT, 201),
    content_write("patch statistic", "patch", STAT, {"claim": "Recounted."}, 200),
    content_write("put statistic", "put", STAT, {**NEW_STAT, "key": "figure-1"}, 200),
    content_write("delete statistic", "delete", STAT, None, 204),
    content_write(
        "create citation", "post", STAT + "citations/", {"source": "{src}"}, 201
    ),
    content_write("patch citation", "patch", CIT, {"locator": "p. 9"}, 200),
    content_write("put citation", "put", CIT, {"source": "{src}"}, 200),
    content_write("delete citation", "delete", CIT, None, 204),
    Case(
        "create source",
        "post",
        "/api/v1/newsroom/sources/",
        NEW_SOURCE,
        allowed={"editor": 201, "chief": 201},
        refused={"reviewer": (403, "Your role cannot add sources.")},
        outsider="Your role cannot add sources.",
    ),
    Case(
        "patch source",
        "patch",
        SRC,
        {"title": "Renamed report"},
        allowed={"editor": 200, "chief": 200},
        refused={"reviewer": (403, "Your role cannot edit sources.")},
        outsider="Your role cannot edit sources.",
    ),
    Case(
        "put source",
        "put",
        SRC,
        NEW_SOURCE,
        allowed={"editor": 200, "chief": 200},
        refused={"reviewer": (403, "Your role cannot edit sources.")},
        outsider="Your role cannot edit sources.",
    ),
    Case(
        "delete source",
        "delete",
        SRC,
        allowed={"chief": 204},
        refused={
            "editor": (403, "Your role cannot delete sources."),
            "reviewer": (403, "Your role cannot delete sources."),
        },
        outsider="Your role cannot delete sources.",
    ),
    transition(
        "submit",
        E + "submit/",
        {},
        "draft",
        {"editor": 200, "chief": 200},
        workflow="submit",
    ),
    transition(
        "request changes",
        E + "request-changes/",
        {"comment": "Source the second figure."},
        "in_review",
        {"reviewer": 200, "chief": 200},
        workflow="request_changes",
    ),
    transition(
        "approve",
        E + "approve/",
        {},
        "in_review",
        {"reviewer": 200, "chief": 200},
        workflow="approve",
    ),
    transition(
        "publish",
        E + "publish/",
        {},
        "approved",
        {"reviewer": 200, "chief": 200},
        workflow="publish",
    ),
    transition(
        "unpublish",
        E + "unpublish/",
        {},
        "published",
        {"chief": 200},
        workflow="unpublish",
    ),
    transition(
        "approve statistic",
        STAT + "approve/",
        {"note": "Matches the report."},
        "draft",
        {"reviewer": 200, "chief": 200},
        review=True,
    ),
    transition(
        "reject statistic",
        STAT + "reject/",
        {"note": "The report says 900."},
        "draft",
        {"reviewer": 200, "chief": 200},
        review=True,
    ),
]

PERSONAS = ["anonymous", "outsider", "editor", "reviewer", "chief"]


def build(state, editor, reviewer) -> Explainer:
    """An explainer by ``editor`` in ``state``, with a box, a cited statistic."""
    makers = {
        "draft": lambda: make_draft(editor),
        "in_review": lambda: make_in_review(editor),
        "approved": lambda: make_approved(editor, reviewer),
        "published": lambda: make_published(editor, reviewer),
    }
    return makers[state]()


def expand(template: str, ids: dict) -> str:
    return template.format(**ids)


class TestPermissionMatrix:
    """Each case for each persona, on explainers built once for the class."""

    @pytest.fixture(scope="class")
    @classmethod
    def shared(cls, django_db_setup, django_db_blocker, test_settings):
        """An explainer by the editor in each state, and a source nobody cites.

        Built once (``shared_rows``); each test reads them afresh by id, and
        what it changes rolls back when it ends.
        """
        with shared_rows(django_db_blocker):
            ensure_roles()
            editor = UserFactory.create(username="editor", groups=[EDITORS])
            reviewer = vouch(
                UserFactory.create(username="reviewer", groups=[REVIEWERS]),
                by="test set-up",
            )
            states = {case.state for case in CASES}
            yield (
                {state: build(state, editor, reviewer).pk for state in states},
                SourceFactory.create().pk,
            )

    @pytest.mark.parametrize("persona", PERSONAS)
    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_permission_matrix(
        self, case, persona, request, shared, editor, reviewer, anon
    ):
        explainer_ids, spare_source_id = shared
        explainer = Explainer.objects.get(pk=explainer_ids[case.state])
        statistic = explainer.statistics.get()
        ids = {
            "e": explainer.pk,
            "b": explainer.boxes.get().pk,
            "s": statistic.pk,
            "c": statistic.citations.get().pk,
            "src": spare_source_id,
        }
        body = case.body
        if body is not None:
            body = {
                key: (int(expand(value, ids)) if value == "{src}" else value)
                for key, value in body.items()
            }
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        client = anon if user is None else token_client(user)
        before = world()

        response = getattr(client, case.method)(
            expand(case.path, ids), body, format="json"
        )

        if persona in case.allowed:
            assert response.status_code == case.allowed[persona], response.content
            return
        if persona == "anonymous":
            assert_error(response, 401, "not_authenticated", NOT_AUTHENTICATED)
            assert response["WWW-Authenticate"] == "Token"
        else:
            assert user is not None
            if case.transition:
                message = transition_refusal(user, explainer, case.transition)
            elif case.review:
                message = statistic_review_refusal(user, statistic)
            elif persona == "outsider":
                message = case.outsider
            else:
                message = case.refused[persona][1]
            assert message, "a refusal always says why"
            assert_error(response, 403, "permission_denied", message)
        assert world() == before


def test_every_persona_is_covered_by_every_case():
    for case in CASES:
        covered = set(case.allowed) | set(case.refused) | {"anonymous", "outsider"}
        assert covered == set(PERSONAS), case.name


def test_non_staff_accounts_are_refused_even_with_a_role(editor):
    editor.is_staff = False
    editor.save()
    response = token_client(editor).get("/api/v1/newsroom/explainers/")
    assert_error(
        response,
        403,
        "permission_denied",
        "The newsroom API is for newsroom staff accounts.",
    )


def test_approving_your_own_explainer_is_refused_four_eyes(chief, as_chief):
    explainer = make_in_review(chief)
    before = world()
    response = as_chief.post(
        f"/api/v1/newsroom/explainers/{explainer.pk}/approve/", {}, format="json"
    )
    assert_error(
        response,
        403,
        "permission_denied",
        "You wrote or edited this version of the explainer; another reviewer "
        "must approve it (four eyes).",
    )
    assert world() == before


def test_approving_a_statistic_you_wrote_is_refused_four_eyes(chief, as_chief):
    explainer = make_draft(chief)
    statistic = explainer.statistics.get()
    response = as_chief.post(
        f"/api/v1/newsroom/explainers/{explainer.pk}/statistics/{statistic.pk}"
        "/approve/",
        {},
        format="json",
    )
    assert_error(response, 403, "permission_denied")
    assert "four eyes" in response.json()["message"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("as_chief", 204), ("as_editor", 403), ("as_reviewer", 403), ("anon", 401)],
)
def test_deleting_a_draft_explainer_is_for_chief_editors(
    request, persona, status, editor
):
    explainer = make_draft(editor)
    client = request.getfixturevalue(persona)
    response = client.delete(f"/api/v1/newsroom/explainers/{explainer.pk}/")
    assert response.status_code == status
    assert Explainer.objects.filter(pk=explainer.pk).exists() is (status != 204)


def test_a_bad_token_answers_401(editor):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    before = world()
    response = client.post(
        "/api/v1/newsroom/explainers/", {"title": "X", "slug": "x"}, format="json"
    )
    assert_error(response, 401, "authentication_failed", "Invalid token.")
    assert world() == before


def test_session_authentication_works_for_staff(client, editor):
    client.force_login(editor)
    response = client.get("/api/v1/newsroom/explainers/")
    assert response.status_code == 200


def test_session_writes_need_the_csrf_token(editor):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    before = world()
    response = client.post(
        "/api/v1/newsroom/explainers/", {"title": "X", "slug": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert "CSRF" in response.json()["message"]
    assert world() == before
