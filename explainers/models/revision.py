from django.conf import settings
from django.db import models


class ImmutableRecordError(Exception):
    """Raised on an attempt to change or delete a published revision."""


class PublishedRevisionQuerySet(models.QuerySet):
    # What was published stays as it was published: no bulk rewrites.
    def update(self, **kwargs):
        raise ImmutableRecordError("Published revisions cannot be changed.")

    def delete(self):
        raise ImmutableRecordError("Published revisions cannot be deleted.")


class PublishedRevision(models.Model):
    """The frozen content and rendered HTML of one publication of an explainer."""

    explainer = models.ForeignKey(
        "explainers.Explainer", on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text="The content tree as published.")
    html = models.JSONField(help_text="Rendered, sanitised HTML of body and boxes.")
    # Readers' text, case-folded, for the plain search used without PostgreSQL.
    search_text = models.TextField(blank=True, default="", editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    objects = PublishedRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["explainer", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["explainer", "number"], name="revision_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.explainer_id} r{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError("Published revisions cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Published revisions cannot be deleted.")


class Correction(models.Model):
    """A public note on what a republished revision changed and why."""

    explainer = models.ForeignKey(
        "explainers.Explainer", on_delete=models.CASCADE, related_name="corrections"
    )
    revision = models.ForeignKey(
        PublishedRevision, on_delete=models.PROTECT, related_name="corrections"
    )
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["explainer", "created_at", "id"]

    def __str__(self):
        return self.text[:60]


class RevisionSource(models.Model):
    """A source that a published revision cites, as an indexed row.

    Written with the revision (it never changes, like the revision): asking
    whether readers are shown a source is one index probe, not a read of
    every revision's content.
    """

    revision = models.ForeignKey(
        PublishedRevision, on_delete=models.PROTECT, related_name="cited_sources"
    )
    source = models.ForeignKey(
        "sources.Source", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "revision"], name="revision_source_unique"
            )
        ]

    def __str__(self):
        return f"r{self.revision_id} cites {self.source_id}"
