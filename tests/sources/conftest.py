from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.sources.linkserver import LinkServer


@pytest.fixture
def link_server() -> Iterator[LinkServer]:
    server = LinkServer()
    yield server
    server.close()


@pytest.fixture
def link_settings(link_server: LinkServer) -> Iterator[LinkServer]:
    """Link checks on, allowed to reach the local server, fast and unhurried."""
    with override_settings(
        LINK_CHECK_ENABLED=True,
        LINK_CHECK_ALLOW_PRIVATE=True,
        LINK_CHECK_HOST_INTERVAL_SECONDS=0,
        LINK_CHECK_TIMEOUT_SECONDS=0.5,
        LINK_CHECK_DEAD_AFTER=3,
        LINK_CHECK_RETRY_MINUTES=60,
        LINK_CHECK_INTERVAL_HOURS=24,
        LINK_CHECK_CONTACT="desk@newsroom.example",
        ARCHIVE_SAVE_URL=link_server.url("/save/"),
        ARCHIVE_ACCESS_KEY="key",
        ARCHIVE_SECRET_KEY="secret",
    ):
        yield link_server
