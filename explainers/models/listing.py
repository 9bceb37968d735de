from django.contrib.postgres.search import SearchVectorField
from django.db import models


class LiveListing(models.Model):
    """What lists show of one live explainer, in indexed columns.

    Written in the same transaction as the publication that makes a revision
    live (and deleted when the explainer is unpublished), from that revision's
    frozen content: home and conflict pages, feeds, sitemaps, search and the
    public API list read these rows and never a revision's JSON, so a list
    costs one indexed query whatever the size of the archive.
    """

    explainer = models.OneToOneField(
        "explainers.Explainer",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="listing",
    )
    revision = models.OneToOneField(
        "explainers.PublishedRevision", on_delete=models.PROTECT, related_name="+"
    )
    revision_number = models.PositiveIntegerField()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    conflict_name = models.CharField(max_length=200, blank=True)
    conflict_slug = models.SlugField(max_length=200, blank=True)
    authors = models.JSONField(default=list)
    first_published_at = models.DateTimeField()
    # When the live revision was published: the list order and "updated".
    published_at = models.DateTimeField()
    # Readers' text, case-folded, for the search used without PostgreSQL.
    search_text = models.TextField(blank=True, default="")
    # PostgreSQL only: title (A) > standfirst (B) > body (C) > boxes and
    # figures (D), with a GIN index made by migration 0006. Null elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    # The live revision's lead image as it froze it (images.records), for the
    # front page; null when it has none.
    lead_image = models.JSONField(null=True, blank=True, editable=False)
    # Notices readers see beside figures whose source was retracted after
    # publication, by source id: {"<id>": {"status", "note", "date"}}. Written
    # by ``source_mark_status`` in one update; a new publication clears it
    # (the gate refuses a retracted source, so it is the correction).
    source_notices = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-explainer_id"]
        indexes = [
            models.Index(fields=["-published_at", "-explainer"], name="listing_latest"),
            models.Index(
                fields=["conflict_slug", "-published_at", "-explainer"],
                name="listing_conflict_latest",
            ),
        ]

    def __str__(self):
        return self.title


class Withdrawal(models.Model):
    """What partners last had of an explainer that was taken off the site.

    Written by unpublish from the listing row it replaces (and deleted when
    the explainer is published again), so a partner syncing with
    ``updated_since`` learns to take the explainer down; indexed like the
    listing, so that read costs one range scan.
    """

    explainer = models.OneToOneField(
        "explainers.Explainer",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="withdrawal",
    )
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    conflict_name = models.CharField(max_length=200, blank=True)
    conflict_slug = models.SlugField(max_length=200, blank=True)
    authors = models.JSONField(default=list)
    revision_number = models.PositiveIntegerField()
    first_published_at = models.DateTimeField()
    # When the last live revision was published, and when it was withdrawn.
    published_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField()

    class Meta:
        ordering = ["-withdrawn_at", "-explainer_id"]
        indexes = [
            models.Index(
                fields=["-withdrawn_at", "-explainer"], name="withdrawal_latest"
            ),
            models.Index(
                fields=["conflict_slug", "-withdrawn_at", "-explainer"],
                name="withdrawal_conflict_latest",
            ),
        ]

    def __str__(self):
        return self.title
