import io

import pytest
from PIL import Image as PillowImage


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture(
    image_format: str = "JPEG",
    size: tuple[int, int] = (1600, 1000),
    *,
    exif=None,
    mode: str = "RGB",
) -> bytes:
    """A picture made here (stripes, so that resizing has something to do)."""
    image = PillowImage.new(mode, size, (200, 190, 170) if mode == "RGB" else None)
    for x in range(0, size[0], 40):
        image.paste((30, 60, 120) if mode == "RGB" else 1, (x, 0, x + 10, size[1]))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def exif_with_location():
    exif = PillowImage.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0112] = 6  # Orientation: rotated a quarter turn
    gps = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif
