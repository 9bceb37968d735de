"""An image as a published revision keeps it: plain data with its addresses."""

from django.core.files.storage import default_storage

from images.models import Image


def _srcset(renditions: list[dict], image_format: str) -> str:
    return ", ".join(
        f"{default_storage.url(r['name'])} {r['width']}w"
        for r in renditions
        if r["format"] == image_format
    )


def image_record(image: Image) -> dict:
    """What a page needs to show ``image``, frozen: text, sizes and URLs.

    ``src`` is the widest rendition in the upload's own format (the fallback
    for browsers without WebP); ``srcset`` and ``webp_srcset`` list every
    width, so the browser picks the smallest that fills the space.
    """
    own_format = image.file.name.rsplit(".", 1)[-1].lower()
    own_format = {"jpg": "jpeg"}.get(own_format, own_format)
    renditions = sorted(image.renditions, key=lambda r: r["width"])
    own = [r for r in renditions if r["format"] == own_format] or renditions
    widest = own[-1] if own else None
    return {
        "id": image.pk,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "licence": image.get_licence_display() if image.licence else "",
        "credit_url": image.credit_url,
        "width": widest["width"] if widest else image.width,
        "height": widest["height"] if widest else image.height,
        "src": default_storage.url(widest["name"] if widest else image.file.name),
        "srcset": _srcset(renditions, own_format),
        "webp_srcset": _srcset(renditions, "webp") if own_format != "webp" else "",
        "type": f"image/{own_format}",
        "renditions": [
            {
                "src": default_storage.url(r["name"]),
                "width": r["width"],
                "height": r["height"],
                "format": r["format"],
            }
            for r in renditions
        ],
    }
