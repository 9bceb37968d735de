"""The access log: written by the signals, read by chief editors in the admin,
changed or deleted by nobody."""

import pytest

from accounts import services
from accounts.models import AccessEvent
from tests.accounts.conftest import sign_in
from tests.second_factor import verified_login


@pytest.fixture
def event(editor):
    return services.record(AccessEvent.Kind.SIGN_IN, user=editor)


def test_a_sign_in_is_recorded_with_address_and_browser(client, editor):
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.9.8.7",
        HTTP_USER_AGENT="Test browser",
    )
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN)
    assert (event.user, event.ip_address, event.user_agent) == (
        editor,
        "10.9.8.7",
        "Test browser",
    )


def test_a_failure_for_a_name_that_does_not_exist_is_recorded_too(client, db):
    sign_in(client, "ghost", "whatever")
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert (event.user, event.username) == (None, "ghost")


def test_chief_editors_read_the_log(client, chief, event):
    verified_login(client, chief)
    assert client.get("/admin/accounts/accessevent/").status_code == 200
    assert (
        client.get(f"/admin/accounts/accessevent/{event.pk}/change/").status_code == 200
    )


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_other_roles_read_only_their_own_account(client, request, persona, event):
    user = request.getfixturevalue(persona)
    services.record(AccessEvent.Kind.SIGN_IN, user=user, detail="mine")
    verified_login(client, user)
    page = client.get("/admin/accounts/accessevent/")
    assert page.status_code == 200
    shown = {e.user for e in page.context["cl"].result_list}
    assert shown == {user}
    if user != event.user:
        other = f"/admin/accounts/accessevent/{event.pk}/change/"
        assert client.get(other).status_code in (302, 403, 404)


def test_nobody_changes_or_deletes_an_entry(client, chief, event):
    verified_login(client, chief)
    url = f"/admin/accounts/accessevent/{event.pk}/"
    assert client.get(url + "delete/").status_code == 403
    client.post(url + "change/", {"kind": "sign_in_failed", "username": "x"})
    assert client.get("/admin/accounts/accessevent/add/").status_code == 403
    event.refresh_from_db()
    assert (event.kind, event.username) == ("sign_in", "editor")
    # Not even a superuser's admin can.
    from django.contrib.admin import site

    admin = site._registry[AccessEvent]
    chief.is_superuser = True
    rf = type("R", (), {"user": chief})()
    assert not admin.has_change_permission(rf, event)
    assert not admin.has_delete_permission(rf, event)


def test_a_role_change_in_the_admin_names_who_made_it(client, editor, roles):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    boss = UserFactory.create(username="boss", is_superuser=True)
    verified_login(client, boss)
    page = client.get(f"/admin/auth/user/{editor.pk}/change/")
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in {"user_permissions", "password"}
    }
    data["groups"] = [Group.objects.get(name="Reviewers").pk]
    data["date_joined_0"], data["date_joined_1"] = "2026-01-01", "00:00:00"
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/auth/user/{editor.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    removed = AccessEvent.objects.get(kind=AccessEvent.Kind.ROLE_REMOVED, user=editor)
    added = AccessEvent.objects.get(
        kind=AccessEvent.Kind.ROLE_ADDED, user=editor, detail="Reviewers"
    )
    assert (removed.detail, removed.actor, added.actor) == ("Editors", boss, boss)
