import pytest
from django.core.cache import cache

from newsroom.roles import CHIEF_EDITORS, EDITORS, REVIEWERS, setup_roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached pages (sitemaps) and throttle counts must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real passwords, not test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db):
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
