"""Writes to images: the admin, the API and the demo call these.

An upload is checked and its files are made before any row is written; a
refused upload writes nothing (no row, no file).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from images.models import Image
from images.processing import Encoded, process
from newsroom.actors import Actor
from newsroom.services import apply_changes, save_with_history

TEXT_FIELDS = ("alt_text", "caption", "credit", "licence", "credit_url")
MAX_UPLOAD_BYTES_READ = 10 * 1024 * 1024 + 1


def _store(folder: str, label: str, encoded: Encoded) -> str:
    """Saves one file under a name made from the picture's digest.

    The same picture uploaded twice has the same names: the files already
    stored are reused, and a name never points to other bytes, so readers'
    caches may keep them for a year.
    """
    name = f"{folder}/{label}.{encoded.extension}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(encoded.data))
        assert saved == name, "the storage renamed a content-addressed file"
    return name


def _read(upload: Any) -> bytes:
    if isinstance(upload, bytes):
        return upload
    if hasattr(upload, "seek"):
        upload.seek(0)
    # One byte past the limit is enough to refuse an oversize file.
    return upload.read(MAX_UPLOAD_BYTES_READ)


def image_create(*, actor: Actor, upload: Any, data: dict[str, Any]) -> Image:
    """Checks, strips and stores an upload with its renditions and credit."""
    if not (actor.is_active and actor.has_perm("images.add_image")):
        raise PermissionDenied("Your role cannot upload images.")
    processed = process(_read(upload))
    image = Image(uploaded_by=actor)
    apply_changes(image, data, TEXT_FIELDS)
    image.width, image.height = processed.original.width, processed.original.height
    image.full_clean(exclude=["file"])
    folder = f"images/{processed.digest[:24]}"
    image.file.name = _store(folder, "original", processed.original)
    image.renditions = [
        {
            "name": _store(folder, f"{encoded.width}w", encoded),
            "width": encoded.width,
            "height": encoded.height,
            "format": encoded.format.lower(),
        }
        for encoded in processed.renditions
    ]
    with transaction.atomic():
        save_with_history(image, actor=actor, reason="Uploaded")
    return image


def image_update(*, actor: Actor, image_id: int, data: dict[str, Any]) -> Image:
    """Changes an image's alt text, caption or credit (not its picture)."""
    if not (actor.is_active and actor.has_perm("images.change_image")):
        raise PermissionDenied("Your role cannot change images.")
    with transaction.atomic():
        image = Image.objects.select_for_update().get(pk=image_id)
        changed = apply_changes(image, data, TEXT_FIELDS)
        if changed:
            image.full_clean()
            save_with_history(image, actor=actor, reason=f"Edited {', '.join(changed)}")
    return image
