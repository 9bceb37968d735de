"""Requests refused before any view: a null character in the address (400)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/api/v1/explainers/?q=%00",
        "/api/v1/newsroom/explainers/?q=a%00b",
    ],
)
def test_null_characters_in_addresses_are_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "null character" in response.content.decode()
