"""The OpenAPI schema is valid and complete; the docs need no CDN."""

import re

import pytest
from django.core.management import call_command

SCHEMA = "/api/v1/schema/"


def test_the_schema_validates_without_warnings(tmp_path):
    # Raises CommandError/SchemaGenerationError on any warning or error.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
    )


@pytest.fixture
def schema(anon):
    response = anon.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_every_api_endpoint_is_in_the_schema(schema):
    paths = set(schema["paths"])
    for pattern in (
        "/api/v1/explainers/",
        "/api/v1/explainers/{slug}/",
        "/api/v1/newsroom/explainers/{explainer_id}/publish/",
        "/api/v1/newsroom/explainers/{explainer_id}/statistics/{statistic_id}/"
        "citations/{citation_id}/",
        "/api/v1/newsroom/sources/{source_id}/",
        "/api/v1/newsroom/sources/{source_id}/uses/",
        "/api/v1/newsroom/sources/{source_id}/status/",
        "/api/v1/newsroom/explainers/{explainer_id}/findings/",
        "/api/v1/newsroom/explainers/{explainer_id}/findings/{fingerprint}/waive/",
        "/api/v1/newsroom/explainers/{explainer_id}/findings/{fingerprint}/"
        "make-statistic/",
        "/api/v1/newsroom/tokens/",
        "/api/v1/newsroom/tokens/{token_id}/",
    ):
        assert pattern in paths
    # Scheduling adds schedule/ and unschedule/; sources uses/ and status/;
    # images their list and one image.
    assert "/api/v1/newsroom/images/{image_id}/" in paths
    assert len(paths) == 32


def test_every_operation_documents_its_errors_in_the_error_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (path, method)
            if path.startswith("/api/v1/newsroom/"):
                assert "401" in operation["responses"], (path, method)
                assert {"tokenAuth"} <= {
                    name for item in operation["security"] for name in item
                }


def test_docs_are_served_without_a_cdn(anon, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    external = re.findall(r"""(?:src|href)=["'](https?:)?//[^"']+""", page)
    assert external == []
    assert "cdn" not in page.lower()
    for asset in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", page):
        assert client.get(asset).status_code == 200, asset


def test_partners_find_locations_rate_limits_and_sync_fields_in_the_schema(schema):
    paths = schema["paths"]
    create = paths["/api/v1/newsroom/explainers/"]["post"]["responses"]["201"]
    assert "Location" in create["headers"]
    box = paths["/api/v1/newsroom/explainers/{explainer_id}/boxes/"]["post"]
    assert "Location" in box["responses"]["201"]["headers"]
    for path in ("/api/v1/explainers/", "/api/v1/explainers/{slug}/"):
        assert "Retry-After" in paths[path]["get"]["responses"]["429"]["headers"]
    item = schema["components"]["schemas"]["PublicExplainerSummary"]["properties"]
    assert item["url"]["format"] == item["api_url"]["format"] == "uri"
    assert {"id", "state", "archived", "first_published_at", "updated_at"} <= set(item)
