"""Uploading an image: what is accepted, what is stored, who may (issue 15)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from images import processing, services
from images.models import Image
from newsroom import security
from tests.images.conftest import exif_with_location, picture

pytestmark = pytest.mark.django_db

CREDIT = {
    "alt_text": "A map of the region",
    "caption": "The region in spring",
    "credit": "Graphics desk",
    "licence": Image.Licence.OWN_WORK,
}


def stored_files(media_root) -> list[str]:
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*.*"))


def test_an_upload_is_stored_without_its_location_and_camera_data(editor):
    image = services.image_create(
        actor=editor, upload=picture(exif=exif_with_location()), data=CREDIT
    )

    with default_storage.open(image.file.name) as stored:
        kept = PillowImage.open(io.BytesIO(stored.read()))
    assert not kept.getexif()
    assert "exif" not in kept.info
    # Turned upright by its orientation before the data was dropped.
    assert (image.width, image.height) == (1000, 1600)
    assert image.history.count() == 1
    assert image.uploaded_by == editor


def test_renditions_are_made_once_in_webp_and_the_uploads_format(editor):
    image = services.image_create(actor=editor, upload=picture(), data=CREDIT)

    made = {(r["width"], r["format"]) for r in image.renditions}
    assert made == {
        (width, image_format)
        for width in (480, 800, 1200)
        for image_format in ("webp", "jpeg")
    }
    for rendition in image.renditions:
        with default_storage.open(rendition["name"]) as stored:
            opened = PillowImage.open(io.BytesIO(stored.read()))
            assert opened.width == rendition["width"]
            assert opened.format.lower() == rendition["format"]


def test_a_small_png_keeps_its_width_and_format(editor):
    image = services.image_create(
        actor=editor, upload=picture("PNG", (600, 400)), data=CREDIT
    )

    assert {(r["width"], r["format"]) for r in image.renditions} == {
        (480, "webp"),
        (480, "png"),
        (600, "webp"),
        (600, "png"),
    }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"", "empty"),
        (b"not a picture at all", "not a picture that can be read"),
        (picture("GIF", mode="P"), "GIF files are not accepted"),
        (picture(size=(200, 150)), "at least 320 are needed"),
    ],
)
def test_a_refused_upload_says_why_and_writes_nothing(
    editor, media_root, upload, message
):
    with pytest.raises(ValidationError, match=message):
        services.image_create(actor=editor, upload=upload, data=CREDIT)

    assert not Image.objects.exists()
    assert stored_files(media_root) == [] if media_root.exists() else True


def test_byte_and_pixel_limits(editor, monkeypatch):
    monkeypatch.setattr(processing, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="the limit is"):
        services.image_create(actor=editor, upload=picture(), data=CREDIT)
    monkeypatch.setattr(processing, "MAX_BYTES", 10_000_000)
    monkeypatch.setattr(processing, "MAX_PIXELS", 1_000_000)
    with pytest.raises(ValidationError, match="million pixels"):
        services.image_create(actor=editor, upload=picture(), data=CREDIT)
    assert not Image.objects.exists()


def test_editors_upload_and_reviewers_may_not(editor, reviewer, media_root):
    assert services.image_create(actor=editor, upload=picture(), data=CREDIT).pk

    with pytest.raises(PermissionDenied):
        services.image_create(actor=reviewer, upload=picture(), data=CREDIT)
    assert Image.objects.count() == 1


def test_editing_the_credit_keeps_history_and_is_refused_to_reviewers(editor, reviewer):
    image = services.image_create(actor=editor, upload=picture(), data=CREDIT)

    services.image_update(
        actor=editor, image_id=image.pk, data={"credit": "Mapping unit"}
    )
    with pytest.raises(PermissionDenied):
        services.image_update(
            actor=reviewer, image_id=image.pk, data={"credit": "Someone"}
        )

    image.refresh_from_db()
    assert image.credit == "Mapping unit"
    assert image.history.first().history_change_reason == "Edited credit"


def test_an_editor_uploads_through_the_admin(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("map.png", picture("PNG"), "image/png")

    response = client.post(
        "/admin/images/image/add/", {**CREDIT, "credit_url": "", "upload": upload}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.alt_text == CREDIT["alt_text"]
    assert image.uploaded_by == editor


def test_the_admin_refuses_a_bad_file_with_a_message(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("map.gif", picture("GIF", mode="P"), "image/gif")

    response = client.post(
        "/admin/images/image/add/", {**CREDIT, "credit_url": "", "upload": upload}
    )

    assert response.status_code == 200
    assert "GIF files are not accepted" in response.content.decode()
    assert not Image.objects.exists()


def test_media_are_served_with_a_year_long_cache_when_serving_is_on(
    client, editor, settings
):
    image = services.image_create(actor=editor, upload=picture(), data=CREDIT)
    url = default_storage.url(image.renditions[0]["name"])

    settings.SERVE_MEDIA = True
    served = client.get(url)
    settings.SERVE_MEDIA = False
    refused = client.get(url)

    assert served.status_code == 200
    assert "max-age=31536000" in served["Cache-Control"]
    assert "immutable" in served["Cache-Control"]
    assert served["Content-Security-Policy"]
    assert refused.status_code == 404


def test_the_public_policy_allows_images_from_this_site_or_the_media_host(
    client, settings
):
    response = client.get("/")
    settings.MEDIA_URL = "https://media.example.org/newsroom/"

    assert "img-src 'self';" in response["Content-Security-Policy"]
    assert security.media_origin() == " https://media.example.org"
