"""API tokens: stored hashed, expiring, revocable by their owner and by a
chief editor, read-only on request; a token takes review decisions only when
issued from a session verified with the second factor or from the shell.
Changing a password or losing a role ends the other sessions and revokes
the tokens."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import AccessEvent, APIToken, token_digest
from explainers.models import Explainer
from newsroom.roles import REVIEWERS
from newsroom.second_factor import REFUSAL
from tests.accounts.test_second_factor import fresh
from tests.api.helpers import assert_error
from tests.explainers.workflow_helpers import make_in_review
from tests.second_factor import verified_login
from tests.versions import seen

LIST = "/api/v1/newsroom/tokens/"


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def approve(client: APIClient, explainer: Explainer):
    return client.post(
        f"/api/v1/newsroom/explainers/{explainer.pk}/approve/",
        {},
        format="json",
        HTTP_IF_MATCH=f'"{seen(explainer.pk)}"',
    )


def issue_from_session(client, **body):
    response = client.post(LIST, {"name": "Desk tool", **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_token_is_stored_only_as_its_digest(editor):
    issued = services.token_issue(user=editor, name="Script", from_shell=True)
    token = APIToken.objects.get()
    assert token.digest == token_digest(issued.key) != issued.key
    assert issued.key not in {token.digest, token.prefix, token.name}
    assert with_key(issued.key).get("/api/v1/newsroom/explainers/").status_code == 200


def test_expired_and_revoked_tokens_are_refused(editor):
    expired = services.token_issue(user=editor, name="Old", days=1, from_shell=True)
    APIToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = with_key(expired.key).get("/api/v1/newsroom/explainers/")
    assert_error(response, 401, "authentication_failed", "Invalid token.")

    revoked = services.token_issue(user=editor, name="Gone", from_shell=True)
    services.token_revoke(token_id=revoked.token.pk, actor=editor)
    response = with_key(revoked.key).get("/api/v1/newsroom/explainers/")
    assert_error(response, 401, "authentication_failed", "Invalid token.")


def test_a_token_lives_at_most_the_configured_days(editor, settings):
    settings.API_TOKEN_DAYS = 30
    with pytest.raises(Exception, match="between 1 and 30 days"):
        services.token_issue(user=editor, name="Long", days=31, from_shell=True)
    issued = services.token_issue(user=editor, name="Default", from_shell=True)
    lifetime = issued.token.expires_at - issued.token.created_at
    assert timedelta(days=29) < lifetime <= timedelta(days=30)


def test_a_read_only_token_reads_and_never_writes(editor):
    key = services.token_issue(
        user=editor, name="Partner", read_only=True, from_shell=True
    ).key
    client = with_key(key)
    assert client.get("/api/v1/newsroom/explainers/").status_code == 200
    before = Explainer.objects.count()
    response = client.post(
        "/api/v1/newsroom/explainers/", {"title": "X", "slug": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert "read-only" in response.json()["message"]
    assert Explainer.objects.count() == before


def test_a_token_from_an_unverified_session_takes_no_decisions(editor, other_editor):
    explainer = make_in_review(editor)
    client = APIClient()
    client.force_login(other_editor)  # editors sign in without a second factor
    body = issue_from_session(client)
    assert body["can_decide"] is False
    # Promoted to reviewer later, their old token still takes no decisions.
    other_editor.groups.add(Group.objects.get(name=REVIEWERS))
    response = approve(with_key(body["key"]), explainer)
    assert_error(response, 403, "permission_denied", REFUSAL)
    assert Explainer.objects.get(pk=explainer.pk).state == "in_review"


def test_an_unverified_reviewer_session_cannot_use_the_api(editor, reviewer):
    client = APIClient()
    client.force_login(fresh(reviewer))  # password only: never verified
    for response in (
        client.get("/api/v1/newsroom/explainers/"),
        client.post(LIST, {"name": "Desk tool"}, format="json"),
    ):
        assert_error(response, 403, "permission_denied", REFUSAL)
    assert not APIToken.objects.exists()


def test_a_token_from_a_verified_session_takes_decisions(editor, reviewer):
    explainer = make_in_review(editor)
    client = APIClient()
    verified_login(client, fresh(reviewer))
    body = issue_from_session(client)
    assert body["can_decide"] is True
    assert approve(with_key(body["key"]), explainer).status_code == 200
    assert Explainer.objects.get(pk=explainer.pk).state == "approved"


def test_drf_create_token_issues_a_deciding_token_from_the_shell(editor, reviewer):
    explainer = make_in_review(editor)
    out = StringIO()
    call_command("drf_create_token", "reviewer", stdout=out, stderr=StringIO())
    key = out.getvalue().split()[2]
    assert out.getvalue() == f"Generated token {key} for user reviewer\n"
    assert approve(with_key(key), explainer).status_code == 200


def test_a_token_cannot_issue_another(editor):
    key = services.token_issue(user=editor, name="Script", from_shell=True).key
    response = with_key(key).post(LIST, {"name": "More"}, format="json")
    assert_error(response, 403, "permission_denied")
    assert APIToken.objects.count() == 1


def test_owners_list_and_revoke_their_tokens_and_only_theirs(editor, other_editor):
    mine = services.token_issue(user=editor, name="Mine", from_shell=True)
    theirs = services.token_issue(user=other_editor, name="Theirs", from_shell=True)
    client = APIClient()
    client.force_login(editor)

    listed = client.get(LIST).json()["results"]
    assert [t["name"] for t in listed] == ["Mine"]
    assert "key" not in listed[0] and "digest" not in listed[0]

    refused = client.delete(f"{LIST}{theirs.token.pk}/")
    assert_error(refused, 404, "not_found")
    assert APIToken.objects.get(pk=theirs.token.pk).revoked_at is None

    assert client.delete(f"{LIST}{mine.token.pk}/").status_code == 204
    assert APIToken.objects.get(pk=mine.token.pk).status == "revoked"
    assert AccessEvent.objects.filter(kind="token_revoked", user=editor).exists()


def test_a_chief_editor_lists_and_revokes_anyones_tokens(editor, chief):
    theirs = services.token_issue(user=editor, name="Theirs", from_shell=True)
    client = APIClient()
    verified_login(client, chief)
    names = [t["name"] for t in client.get(f"{LIST}?user=editor").json()["results"]]
    assert names == ["Theirs"]
    assert client.delete(f"{LIST}{theirs.token.pk}/").status_code == 204
    token = APIToken.objects.get(pk=theirs.token.pk)
    assert (token.status, token.revoked_by) == ("revoked", chief)


def test_the_admin_shows_owners_their_tokens_and_chiefs_all(client, editor, chief):
    services.token_issue(user=editor, name="Editor tool", from_shell=True)
    services.token_issue(user=chief, name="Chief tool", from_shell=True)
    client.force_login(editor)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert "Editor tool" in page.text and "Chief tool" not in page.text
    verified_login(client, chief)
    page = client.get("/admin/accounts/apitoken/")
    assert "Editor tool" in page.text and "Chief tool" in page.text


def _other_session(user) -> str:
    other = APIClient()
    other.force_login(user)
    key = other.session.session_key
    assert key is not None
    return key


def test_a_password_change_ends_other_sessions_and_revokes_tokens(client, editor):
    other = _other_session(editor)
    key = services.token_issue(user=editor, name="Script", from_shell=True).key
    client.force_login(editor)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=other).exists()
    # The session that changed it goes on.
    assert client.get("/admin/").status_code == 200
    response = with_key(key).get("/api/v1/newsroom/explainers/")
    assert response.status_code == 401
    assert AccessEvent.objects.filter(kind="password_changed", user=editor).exists()


def test_losing_a_role_ends_sessions_and_revokes_tokens(roles):
    from tests.factories import UserFactory

    user = UserFactory.create(username="leaving", groups=[REVIEWERS])
    session = _other_session(user)
    key = services.token_issue(user=user, name="Script", from_shell=True).key
    user.groups.remove(Group.objects.get(name=REVIEWERS))
    assert not Session.objects.filter(session_key=session).exists()
    assert with_key(key).get("/api/v1/newsroom/explainers/").status_code == 401
    kinds = list(AccessEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert "role_added" in kinds and "role_removed" in kinds


def test_gaining_a_role_keeps_sessions_and_tokens(editor):
    session = _other_session(editor)
    key = services.token_issue(user=editor, name="Script", from_shell=True).key
    editor.groups.add(Group.objects.get(name=REVIEWERS))
    assert Session.objects.filter(session_key=session).exists()
    assert with_key(key).get("/api/v1/newsroom/explainers/").status_code == 200


def test_anyone_on_staff_issues_themselves_a_token_in_the_admin(client, reviewer):
    verified_login(client, fresh(reviewer))
    assert "Issue yourself a token" in client.get("/admin/accounts/apitoken/").text
    page = client.post(
        "/admin/accounts/apitoken/issue/", {"name": "Desk script", "days": "7"}
    )
    key = page.context["issued"].key
    assert key in page.text
    token = APIToken.objects.get(user=reviewer)
    assert (token.name, token.can_decide, token.read_only) == (
        "Desk script",
        True,
        False,
    )
    assert with_key(key).get("/api/v1/newsroom/explainers/").status_code == 200
    # The key is not shown again.
    assert key not in client.get("/admin/accounts/apitoken/").text
