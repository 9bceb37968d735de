import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

from newsroom.roles import (
    CHIEF_EDITORS,
    EDITORS,
    REVIEWERS,
    ROLE_PERMISSIONS,
    setup_roles,
)
from tests.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def test_settings():
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
    ):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database (one per xdist worker) starts with the roles."""
    with django_db_blocker.unblock():
        setup_roles()


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached pages (sitemaps) and throttle counts must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles(db):
    """The role groups, made once per test database (``django_db_setup``).

    A test that commits (``transaction=True``) empties the database when it
    ends; pytest-django runs those last, and the groups are made again for
    any test after one.
    """
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        setup_roles()


@pytest.fixture
def editor(roles):
    return UserFactory.create(username="editor", groups=[EDITORS])


@pytest.fixture
def other_editor(roles):
    return UserFactory.create(username="editor2", groups=[EDITORS])


@pytest.fixture
def reviewer(roles):
    return UserFactory.create(username="reviewer", groups=[REVIEWERS])


@pytest.fixture
def other_reviewer(roles):
    return UserFactory.create(username="reviewer2", groups=[REVIEWERS])


@pytest.fixture
def chief(roles):
    return UserFactory.create(username="chief", groups=[CHIEF_EDITORS])


@pytest.fixture
def outsider(db):
    """Logged-in staff account with no newsroom role."""
    return UserFactory.create(username="outsider")
