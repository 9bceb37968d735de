"""Reading an upload with Pillow and making its renditions: pure, no database.

An upload is opened as JPEG, PNG or WebP only, its size checked before its
pixels are decoded (a small file can claim a huge canvas), turned upright by
its EXIF orientation and then re-encoded: what is stored holds no EXIF, GPS,
XMP or text chunks, only the pixels (and the colour profile, which changes
how the picture looks, not who took it where).
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

# Pillow's names of the formats accepted, with the file extension each gets.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000
MIN_WIDTH = 320
# Widths of the renditions (never wider than the upload itself).
WIDTHS = (480, 800, 1200)
QUALITY = 82


@dataclass(frozen=True)
class Encoded:
    """One stored file: its bytes, pixel size and format."""

    data: bytes
    width: int
    height: int
    format: str  # "JPEG", "PNG" or "WEBP"

    @property
    def extension(self) -> str:
        return FORMATS[self.format]


@dataclass(frozen=True)
class Processed:
    original: Encoded
    renditions: list[Encoded]
    digest: str  # of the stripped original: names its files


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_image")


def open_upload(data: bytes) -> PillowImage.Image:
    """Opens ``data`` as an accepted picture, refusing anything else clearly."""
    if not data:
        raise _refuse("The file is empty.")
    if len(data) > MAX_BYTES:
        raise _refuse(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_048_576} MB. Export it smaller and upload it again."
        )
    try:
        picture = PillowImage.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise _refuse(
            "This file is not a picture that can be read. Upload a JPEG, PNG "
            "or WebP file."
        ) from exc
    if picture.format not in FORMATS:
        raise _refuse(
            f"{picture.format or 'This'} files are not accepted. Upload a JPEG, "
            "PNG or WebP file."
        )
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise _refuse(
            f"The picture is {width} × {height} pixels; the limit is "
            f"{MAX_PIXELS // 1_000_000} million pixels. Resize it and upload it "
            "again."
        )
    if getattr(picture, "n_frames", 1) > 1:
        raise _refuse("Animated pictures are not accepted; upload a still image.")
    if width < MIN_WIDTH:
        raise _refuse(
            f"The picture is {width} pixels wide; at least {MIN_WIDTH} are "
            "needed for it to be legible on a page."
        )
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise _refuse("The picture is damaged or incomplete.") from exc
    return picture


def _prepared(picture: PillowImage.Image) -> PillowImage.Image:
    """Upright, in a mode every output format takes, without metadata."""
    source_format = picture.format
    upright = ImageOps.exif_transpose(picture) or picture
    if upright.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = upright.mode in ("P", "PA") and "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha or "A" in upright.mode else "RGB")
    # A fresh image carries pixels only: EXIF, XMP and text chunks stay behind.
    clean = PillowImage.new(upright.mode, upright.size)
    clean.paste(upright)
    clean.format = source_format
    icc = picture.info.get("icc_profile")
    if icc:
        clean.info["icc_profile"] = icc
    return clean


def encode(picture: PillowImage.Image, image_format: str) -> Encoded:
    """Encodes ``picture`` as ``image_format`` with no metadata but its colours."""
    out = picture
    if image_format == "JPEG" and out.mode not in ("RGB", "L"):
        background = PillowImage.new("RGB", out.size, (255, 255, 255))
        background.paste(out, mask=out.getchannel("A") if "A" in out.mode else None)
        out = background
    options: dict = {}
    if picture.info.get("icc_profile"):
        options["icc_profile"] = picture.info["icc_profile"]
    if image_format == "JPEG":
        options.update(quality=QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(quality=QUALITY, method=4)
    else:
        options.update(optimize=True)
    buffer = io.BytesIO()
    out.save(buffer, format=image_format, **options)
    return Encoded(buffer.getvalue(), out.width, out.height, image_format)


def rendition_widths(width: int) -> list[int]:
    """The widths made for an upload ``width`` pixels wide."""
    return sorted({min(target, width) for target in WIDTHS})


def resized(picture: PillowImage.Image, width: int) -> PillowImage.Image:
    if width >= picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    smaller = picture.resize((width, height), PillowImage.Resampling.LANCZOS)
    smaller.info = dict(picture.info)
    return smaller


def process(data: bytes) -> Processed:
    """Checks an upload and returns its stripped original and renditions.

    Each width is made as WebP and in the upload's own format (a WebP
    upload gets WebP only).
    """
    picture = open_upload(data)
    clean = _prepared(picture)
    source_format = picture.format or "PNG"
    original = encode(clean, source_format)
    renditions = []
    for width in rendition_widths(clean.width):
        smaller = resized(clean, width)
        for image_format in dict.fromkeys(["WEBP", source_format]):
            renditions.append(encode(smaller, image_format))
    digest = hashlib.sha256(original.data).hexdigest()
    return Processed(original, renditions, digest)
