"""The newsroom API for images: upload, read, credit; an explainer's lead
image and key figures (issue 15, point 1)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from images.models import Image
from tests.explainers.workflow_helpers import make_draft
from tests.images.conftest import exif_with_location, picture

pytestmark = pytest.mark.django_db

CREDIT = {
    "alt_text": "A map of the region",
    "caption": "The region in spring",
    "credit": "Graphics desk",
    "licence": "own_work",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, data: bytes, **fields):
    return client.post(
        "/api/v1/newsroom/images/",
        {**CREDIT, **fields, "file": _file(data)},
        format="multipart",
    )


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("map.jpg", data, "image/jpeg")


def test_an_editor_uploads_an_image_and_gets_its_location(as_editor):
    response = upload(as_editor, picture(exif=exif_with_location()))

    assert response.status_code == 201, response.content
    body = response.json()
    image = Image.objects.get()
    assert (
        response["Location"] == f"http://testserver/api/v1/newsroom/images/{image.pk}/"
    )
    assert body["token"] == f"[[image:{image.pk}]]"
    assert body["missing"] == []
    assert body["url"].startswith("http://testserver/media/images/")
    # Turned upright: the picture is now 1,000 pixels wide.
    assert (body["width"], body["height"]) == (1000, 1600)
    assert {(r["width"], r["format"]) for r in body["renditions"]} >= {
        (480, "webp"),
        (1000, "jpeg"),
    }


def test_a_refused_upload_is_a_clear_400_and_writes_nothing(as_editor):
    response = upload(as_editor, b"not a picture")

    assert response.status_code == 400
    assert "not a picture that can be read" in response.content.decode()
    assert not Image.objects.exists()


def test_an_oversize_body_is_refused_before_it_is_read(as_editor, monkeypatch):
    # (by name: importing the view first would import the API too early)
    monkeypatch.setattr("images.api.views.MAX_UPLOAD_BODY", 1000)

    response = upload(as_editor, picture())

    assert response.status_code == 413
    assert not Image.objects.exists()


def test_reviewers_read_images_but_do_not_upload(as_editor, as_reviewer):
    image_id = upload(as_editor, picture()).json()["id"]

    refused = upload(as_reviewer, picture("PNG"))
    listed = as_reviewer.get("/api/v1/newsroom/images/")
    one = as_reviewer.get(f"/api/v1/newsroom/images/{image_id}/")

    assert refused.status_code == 403
    assert Image.objects.count() == 1
    assert listed.status_code == one.status_code == 200
    assert [i["id"] for i in listed.json()["results"]] == [image_id]


def test_an_editor_completes_the_credit(as_editor, as_reviewer):
    image_id = upload(as_editor, picture(), credit="").json()["id"]
    url = f"/api/v1/newsroom/images/{image_id}/"
    assert as_editor.get(url).json()["missing"] == ["a credit"]

    changed = as_editor.patch(url, {"credit": "Mapping unit"}, format="json")
    refused = as_reviewer.patch(url, {"credit": "Someone"}, format="json")

    assert changed.status_code == 200
    assert changed.json()["missing"] == []
    assert refused.status_code == 403
    assert Image.objects.get().credit == "Mapping unit"


def test_an_explainer_takes_a_lead_image_and_key_figures(as_editor, editor):
    explainer = make_draft(editor)
    image_id = upload(as_editor, picture()).json()["id"]
    statistic = explainer.statistics.get()
    base = f"/api/v1/newsroom/explainers/{explainer.pk}/"

    lead = as_editor.patch(
        base, {"lead_image": image_id}, format="json", HTTP_IF_MATCH='"1"'
    )
    figure = as_editor.patch(
        f"{base}statistics/{statistic.pk}/",
        {"key_figure": 1},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    unknown = as_editor.patch(
        base, {"lead_image": image_id + 1000}, format="json", HTTP_IF_MATCH='"3"'
    )

    assert lead.status_code == 200, lead.content
    assert lead.json()["lead_image"] == image_id
    assert figure.status_code == 200, figure.content
    assert figure.json()["key_figure"] == 1
    assert unknown.status_code == 400
    assert "lead_image" in unknown.json()["errors"]


def test_an_upload_without_a_body_is_refused_with_the_field_that_is_missing(
    as_editor,
):
    answer = as_editor.post("/api/v1/newsroom/images/")
    assert answer.status_code == 400
    assert "file" in answer.content.decode()
