from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from newsroom.validators import http_url_validator


class Image(models.Model):
    """A picture or map readers see, with the words that make it a fair claim.

    The file is the upload re-encoded without metadata; ``renditions`` lists
    the smaller copies made once at upload (WebP and the upload's format),
    each ``{"name", "width", "height", "format"}`` in the default storage.
    Alt text, caption and credit may be filled in after the upload; the
    publication gate refuses an explainer showing an image without them
    (``image_incomplete``).
    """

    class Licence(models.TextChoices):
        # Fixed labels, not writers' text: the gate need not read them.
        OWN_WORK = "own_work", "Made by the newsroom"
        PERMISSION = "permission", "Used with permission"
        AGENCY = "agency", "Licensed from an agency"
        CC_BY = "cc_by_4", "CC BY 4.0"
        CC_BY_SA = "cc_by_sa_4", "CC BY-SA 4.0"
        CC0 = "cc0", "CC0 (no rights reserved)"
        PUBLIC_DOMAIN = "public_domain", "Public domain"

    file = models.FileField(max_length=255, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    renditions = models.JSONField(default=list, editable=False)
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it "
        "(a map: the places and what it marks). Required before publishing.",
    )
    caption = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Shown under the picture: what, where and when. Required "
        "before publishing.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who made it: photographer, agency or mapmaker. Required "
        "before publishing.",
    )
    licence = models.CharField(
        max_length=32,
        choices=Licence,
        blank=True,
        help_text="Under what terms it is used. Required before publishing.",
    )
    credit_url = models.URLField(
        "credit link",
        blank=True,
        validators=[http_url_validator],
        help_text="Where the original or its licence can be seen (optional).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        label = self.alt_text or self.caption or "no alt text yet"
        return f"Image {self.pk}: {label[:60]}"

    @property
    def token(self) -> str:
        """What an editor types in the body to place this image."""
        return f"[[image:{self.pk}]]"

    def missing(self) -> list[str]:
        """What readers need and the image lacks, in words."""
        needed = {
            "alt text": self.alt_text,
            "a caption": self.caption,
            "a credit": self.credit,
            "a licence": self.licence,
        }
        return [name for name, value in needed.items() if not value.strip()]
