from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory, override_settings

from newsroom.roles import (
    CHIEF_EDITORS,
    EDITORS,
    REVIEWERS,
    ROLE_PERMISSIONS,
    setup_roles,
)
from newsroom.second_factor import vouch
from tests.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """Settings of the whole session.

    PBKDF2's deliberate slowness protects real passwords, not test users.
    Every test client loads the middleware again, and WhiteNoise would then
    index every static file again (a quarter of a short API test): it looks a
    file up when asked for it instead, as while debugging, and serves the
    same file with the same headers.
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        WHITENOISE_AUTOREFRESH=True,
        # Uploaded images (the demo's map among them) stay out of the project.
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def login_with_a_request():
    """``client.login`` signs in as a browser does, from an address.

    Django's test client authenticates without a request; the login limits
    (django-axes) refuse that, since every real sign-in has a client address.
    """
    original = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/admin/login/"))
        return original(self, **credentials)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "login", login)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database (one per xdist worker) starts with the roles."""
    with django_db_blocker.unblock():
        setup_roles()


@contextmanager
def shared_rows(django_db_blocker) -> Iterator[None]:
    """Rows written once for a module's or a class's tests (``setUpTestData``).

    They are written in a transaction that the tests then run inside: each
    test's own changes roll back to a savepoint when it ends (pytest-django's
    ``db``), and the shared rows roll back after the last test. For tests
    that read rows afresh (by id or slug), never for ones that commit
    (``transaction=True``).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


DEMO_PASSWORD = "demo-password-1"


@pytest.fixture(scope="module")
def demo_newsroom(django_db_setup, django_db_blocker, test_settings):
    """The demo newsroom (``load_demo``), loaded once for a module's tests.

    Every test of a module that asks for it runs on it: the rows stay until
    the module's last test.
    """
    with shared_rows(django_db_blocker):
        call_command("load_demo", password=DEMO_PASSWORD, stdout=StringIO())
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached pages (sitemaps) and throttle counts must not leak between tests.
    cache.clear()
    yield
    cache.clear()


def ensure_roles() -> None:
    """Makes the role groups again if a test that commits emptied the database.

    They are made once per test database (``django_db_setup``); a test with
    ``transaction=True`` empties it when it ends (pytest-django runs those
    last).
    """
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        setup_roles()


@pytest.fixture
def roles(db):
    ensure_roles()


@pytest.fixture
def editor(roles):
    return UserFactory.create(username="editor", groups=[EDITORS])


@pytest.fixture
def other_editor(roles):
    return UserFactory.create(username="editor2", groups=[EDITORS])


# The personas who decide act in tests as a command or a job does: vouched
# for (newsroom.second_factor), so that service calls take their decisions.
# Requests never carry this: a test client's session or token proves the
# second factor itself (tests.second_factor.verified_login, token_client).
@pytest.fixture
def reviewer(roles):
    user = UserFactory.create(username="reviewer", groups=[REVIEWERS])
    return vouch(user, by="test persona")


@pytest.fixture
def other_reviewer(roles):
    user = UserFactory.create(username="reviewer2", groups=[REVIEWERS])
    return vouch(user, by="test persona")


@pytest.fixture
def chief(roles):
    user = UserFactory.create(username="chief", groups=[CHIEF_EDITORS])
    return vouch(user, by="test persona")


@pytest.fixture
def outsider(db):
    """Logged-in staff account with no newsroom role."""
    return UserFactory.create(username="outsider")
