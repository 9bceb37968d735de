from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from simple_history.models import HistoricalRecords

from explainers.tokens import validate_tokens

# Generous for a long explainer (about 15,000 words), small enough that a
# pasted book or a runaway script is refused with a clear message.
MAX_BODY_CHARS = 100_000
MAX_BOX_CHARS = 20_000


class WorkflowBypassError(Exception):
    """Raised when code outside the workflow services tries to publish."""


# Fields only the workflow services may change (explainers.services).
WORKFLOW_FIELDS = frozenset({"state", "live_revision", "live_revision_id"})


class ExplainerQuerySet(models.QuerySet):
    def live(self):
        """Explainers readers can see: those with a live published revision."""
        return self.filter(live_revision__isnull=False).exclude(
            state=Explainer.State.ARCHIVED
        )

    # Bulk writes skip save() and history, so they may never touch the
    # workflow: publishing happens in one place only.
    def update(self, **kwargs):
        if WORKFLOW_FIELDS & kwargs.keys():
            raise WorkflowBypassError(
                "Workflow state and live revision change only through the "
                "workflow services."
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if WORKFLOW_FIELDS & set(fields):
            raise WorkflowBypassError(
                "Workflow state and live revision change only through the "
                "workflow services."
            )
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        for obj in objs:
            if obj.state != Explainer.State.DRAFT or obj.live_revision_id:
                raise WorkflowBypassError("New explainers start as drafts.")
        return super().bulk_create(objs, *args, **kwargs)


class Explainer(models.Model):
    """An article explaining a conflict, with its boxes and statistics."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200, validators=[validate_tokens])
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=600,
        blank=True,
        validators=[validate_tokens],
        help_text="The dek: one or two sentences under the title.",
    )
    body = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(MAX_BODY_CHARS), validate_tokens],
        help_text="Markdown. Place a statistic with [[stat:KEY]].",
    )
    conflict = models.ForeignKey(
        "explainers.Conflict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="explainers",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Shown under the headline and when the page is shared. Its "
        "alt text, caption and credit are checked before publishing.",
    )
    correction_note = models.TextField(
        blank=True,
        max_length=2000,
        validators=[validate_tokens],
        help_text="For readers, published with the next revision when it corrects "
        "a published figure or fact. Reviewed and checked like the rest of the "
        "text; a first publication has none.",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="explainers_authored"
    )
    # Set only by the scheduling services (explainers/services/scheduling.py):
    # a job publishes or archives at that time, through the same transition.
    scheduled_publish_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True
    )
    scheduled_archive_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Whose decision the scheduled publication or archiving carries out.",
    )
    # The workflow owns these fields; forms and serializers never write them.
    state = models.CharField(
        max_length=32, choices=State, default=State.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Incremented on every content change."
    )
    live_revision = models.OneToOneField(
        "explainers.PublishedRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[authors])
    objects = ExplainerQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(live_revision__isnull=False),
                name="explainer_published_has_live_revision",
            )
        ]
        permissions = [
            ("review_explainer", "Can request changes to and approve explainers"),
            ("publish_explainer", "Can publish explainers"),
            ("unpublish_explainer", "Can unpublish and archive explainers"),
            ("waive_finding", "Can waive detected numbers that are not statistics"),
        ]
        indexes = [
            models.Index(fields=["state", "-updated_at"]),
            # The admin's list, newest change first.
            models.Index(fields=["-updated_at", "-id"], name="explainer_recent"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The workflow services set ``_workflow_change`` on the row they locked.
        # Any other save that would publish, or change what is live, is refused,
        # and an ordinary save never writes the workflow fields at all, so a
        # stale copy cannot undo a publication that happened after it was read.
        saved = getattr(self, "_saved_workflow", (self.State.DRAFT, None))
        changes_workflow = (self.state, self.live_revision_id) != saved
        workflow_change = getattr(self, "_workflow_change", False)
        if changes_workflow and not workflow_change:
            raise WorkflowBypassError(
                "Workflow state and live revision change only through the "
                "workflow services."
            )
        if not workflow_change and not self._state.adding:
            if kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
                kwargs["update_fields"] = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.name not in WORKFLOW_FIELDS
                ]
            elif kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [
                    name
                    for name in kwargs["update_fields"]
                    if name not in WORKFLOW_FIELDS
                ]
        super().save(*args, **kwargs)
        self._workflow_change = False
        self._remember_workflow_fields()

    def get_absolute_url(self):
        return f"/explainers/{self.slug}/"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_workflow_fields()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_workflow_fields()

    def _remember_workflow_fields(self):
        self._saved_workflow = (
            self.__dict__.get("state"),
            self.__dict__.get("live_revision_id"),
        )


class BackgroundBox(models.Model):
    """An aside: history, context, key questions, a timeline, who is who."""

    class Kind(models.TextChoices):
        HISTORY = "history", "History"
        CONTEXT = "context", "Context"
        KEY_QUESTIONS = "key_questions", "Key questions"
        TIMELINE = "timeline", "Timeline"
        WHO_IS_WHO = "who_is_who", "Who is who"

    explainer = models.ForeignKey(
        Explainer, on_delete=models.CASCADE, related_name="boxes"
    )
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.CONTEXT)
    title = models.CharField(max_length=200, validators=[validate_tokens])
    body = models.TextField(
        validators=[MaxLengthValidator(MAX_BOX_CHARS), validate_tokens],
        help_text="Markdown. Place a statistic with [[stat:KEY]].",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Boxes appear in ascending order."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["explainer", "position", "id"]
        verbose_name_plural = "background boxes"

    def __str__(self):
        return self.title
