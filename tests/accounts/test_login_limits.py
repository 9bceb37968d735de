"""Login limits (django-axes): per account name and per client address, the
same answer whether or not the account exists, unlocked by a chief editor or
by the cool-down."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts import services
from accounts.models import AccessEvent
from tests.accounts.conftest import sign_in
from tests.factories import UserFactory
from tests.second_factor import verified_login

PASSWORD = "correct-horse-battery"
LIMIT = 5
UNLOCK = "/admin/accounts/accessevent/unlock/"


@pytest.fixture
def victim(roles):
    return UserFactory.create(username="victim", groups=["Editors"])


def fail(client, username, times, *, address="10.0.0.1"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", address=address)
    return response


def test_wrong_passwords_answer_the_form_until_the_limit_then_lock(client, victim):
    response = fail(client, "victim", LIMIT - 1)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text

    locked = fail(client, "victim", 1)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    # Even the right password is refused while locked.
    assert sign_in(client, "victim", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_every_address(client, victim):
    for n in range(LIMIT):
        fail(client, "victim", 1, address=f"10.0.1.{n}")
    response = sign_in(client, "victim", PASSWORD, address="10.0.2.1")
    assert response.status_code == 429


def test_an_address_spraying_many_accounts_is_locked(client, victim):
    for n in range(LIMIT):
        fail(client, f"someone{n}", 1, address="10.0.3.1")
    # The address is locked even for an account it never tried...
    assert sign_in(client, "victim", PASSWORD, address="10.0.3.1").status_code == 429
    # ...and another address still signs that account in.
    response = sign_in(client, "victim", PASSWORD, address="10.0.3.2")
    assert response.status_code == 302


def test_a_made_up_forwarded_for_header_buys_no_fresh_attempts(client, victim):
    for n in range(LIMIT):
        client.post(
            "/admin/login/",
            {"username": f"other{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.4.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert sign_in(client, "victim", PASSWORD, address="10.0.4.1").status_code == 429


def test_the_answers_do_not_tell_whether_an_account_exists(client, victim):
    existing = fail(client, "victim", LIMIT, address="10.0.5.1")
    missing = fail(client, "nobody-here", LIMIT, address="10.0.5.2")
    assert existing.status_code == missing.status_code == 429
    assert existing.text == missing.text
    assert "victim" not in existing.text

    before_existing = sign_in(client, "victim2", "wrong", address="10.0.5.3")
    before_missing = sign_in(client, "nobody2", "wrong", address="10.0.5.4")
    assert before_existing.status_code == before_missing.status_code == 200


def test_the_cool_down_lifts_the_lock(client, victim, settings):
    fail(client, "victim", LIMIT)
    assert sign_in(client, "victim", PASSWORD).status_code == 429
    # The cool-down (DJANGO_LOGIN_COOLOFF_MINUTES, 15) has passed.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "victim", PASSWORD).status_code == 302


def test_a_chief_editor_unlocks_an_account_in_the_admin(client, victim, chief):
    fail(client, "victim", LIMIT)
    assert sign_in(client, "victim", PASSWORD).status_code == 429

    verified_login(client, chief)
    page = client.get("/admin/accounts/accessevent/")
    assert page.status_code == 200
    assert "Unlock an account or address" in page.text
    response = client.post(
        "/admin/accounts/accessevent/unlock/", {"username": "victim"}
    )
    assert response.status_code == 302
    client.logout()

    assert sign_in(client, "victim", PASSWORD).status_code == 302
    unlocked = AccessEvent.objects.get(kind=AccessEvent.Kind.UNLOCKED)
    assert (unlocked.username, unlocked.actor) == ("victim", chief)


def test_an_editor_cannot_unlock(client, victim, editor):
    fail(client, "victim", LIMIT)
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=editor, username="victim")
    client.force_login(editor)
    response = client.post(
        "/admin/accounts/accessevent/unlock/", {"username": "victim"}
    )
    assert response.status_code == 403
    client.logout()
    assert sign_in(client, "victim", PASSWORD).status_code == 429


def test_an_unlock_names_an_account_or_an_address(chief):
    with pytest.raises(Exception, match="Name an account"):
        services.account_unlock(actor=chief)


def test_sign_ins_failures_and_lockouts_are_recorded(client, victim):
    fail(client, "victim", LIMIT)
    kinds = list(
        AccessEvent.objects.filter(username="victim")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds.count(AccessEvent.Kind.SIGN_IN_FAILED) == LIMIT
    assert AccessEvent.Kind.LOCKED_OUT in kinds
    failed = AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).first()
    assert failed.ip_address == "10.0.0.1"
    assert failed.user == victim


def test_the_api_has_no_password_endpoint_to_guess_against(client):
    # Tokens are issued from a signed-in session only (accounts.api); there
    # is no endpoint that takes a password, and no password-reset flow.
    for path in ("/api/v1/token/", "/api/v1/auth/token/", "/api/v1/newsroom/token/"):
        assert client.post(path, {"username": "a", "password": "b"}).status_code in (
            401,
            403,
            404,
        )
    # The admin links "Forgotten your password?" only when this URL exists.
    with pytest.raises(NoReverseMatch):
        reverse("admin_password_reset")
