import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

key_validator = RegexValidator(
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
    "Use lower-case letters, digits, hyphens or underscores, e.g. 'killed-since-2014'.",
)


class Statistic(models.Model):
    """A number-bearing claim of an explainer, cited and reviewed one by one."""

    class ReviewState(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class FigureKind(models.TextChoices):
        RUNNING_TOLL = "running_toll", "Running toll (killed, wounded, strikes)"
        DISPLACEMENT = "displacement", "Displacement (refugees, displaced people)"
        MONEY = "money", "Aid and money"
        SURVEY = "survey", "Survey or census"
        OTHER = "other", "Other"

    # Days after its as-of date before a figure of each kind needs fresh eyes:
    # a war's toll moves within days, a census holds for years.
    REVIEW_INTERVAL_DAYS: dict[str, int] = {
        FigureKind.RUNNING_TOLL: 7,
        FigureKind.DISPLACEMENT: 30,
        FigureKind.MONEY: 180,
        FigureKind.SURVEY: 5 * 365,
        FigureKind.OTHER: 365,
    }

    explainer = models.ForeignKey(
        "explainers.Explainer", on_delete=models.CASCADE, related_name="statistics"
    )
    key = models.CharField(
        max_length=64,
        validators=[key_validator],
        help_text="Referenced in the text as [[stat:KEY]].",
    )
    claim = models.TextField(
        max_length=1000, help_text="What is counted, where and when."
    )
    display_text = models.CharField(
        max_length=200, help_text="As printed, e.g. 'more than 13,000 people'."
    )
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=50, blank=True)
    as_of = models.DateField("as of", null=True, blank=True)
    # Chosen by the editor; not part of the claim, so choosing it lets no
    # approval lapse (explainers.digest).
    key_figure = models.PositiveSmallIntegerField(
        "key figure position",
        null=True,
        blank=True,
        help_text="Shows the figure in the page's Key figures panel, in this "
        "order (1 first). Leave empty to keep it in the text only.",
    )
    figure_kind = models.CharField(
        "kind of figure",
        max_length=16,
        choices=FigureKind,
        default=FigureKind.OTHER,
        help_text="Sets how soon the figure needs review after its as-of date.",
    )
    review_interval_days = models.PositiveIntegerField(
        "review interval (days)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36500)],
        help_text="Overrides the default interval of its kind.",
    )
    # as_of + the interval, kept by save(): stale figures are one index range.
    review_due = models.DateField(null=True, blank=True, editable=False)
    # Review fields are written by the review services only.
    review_state = models.CharField(
        max_length=16,
        choices=ReviewState,
        default=ReviewState.PENDING,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.TextField(blank=True, editable=False)
    # Digest of the content the reviewer saw; a different digest now means
    # the review has lapsed.
    reviewed_digest = models.CharField(max_length=64, blank=True, editable=False)
    # When an approval (or rejection) last lapsed because the content or a
    # cited source changed: the desk lists pending figures that have one.
    lapsed_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["explainer", "id"]
        permissions = [("review_statistic", "Can approve or reject statistics")]
        indexes = [
            # The review queue: pending claims, oldest first, a small part of
            # millions of statistics.
            models.Index(
                fields=["updated_at"],
                condition=Q(review_state="pending"),
                name="statistic_pending_by_age",
            ),
            # Stale figures: those whose review date has passed.
            models.Index(fields=["review_due"], name="statistic_review_due"),
            # The desk's lapsed figures: pending claims that had been reviewed.
            models.Index(
                fields=["lapsed_at"],
                condition=Q(review_state="pending", lapsed_at__isnull=False),
                name="statistic_lapsed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["explainer", "key"],
                name="statistic_key_unique_per_explainer",
                violation_error_message="This explainer already has a statistic "
                "with this key.",
            ),
            models.CheckConstraint(
                condition=Q(review_state="pending") | Q(reviewed_at__isnull=False),
                name="statistic_reviewed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.display_text}"

    def save(self, *args, **kwargs):
        self.review_due = self.computed_review_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "review_due"}
        super().save(*args, **kwargs)

    @property
    def review_interval(self) -> int:
        """Days after the as-of date before the figure is stale."""
        return self.review_interval_days or self.REVIEW_INTERVAL_DAYS.get(
            self.figure_kind, self.REVIEW_INTERVAL_DAYS[self.FigureKind.OTHER]
        )

    def computed_review_due(self) -> datetime.date | None:
        if self.as_of is None:
            return None
        return self.as_of + datetime.timedelta(days=self.review_interval)

    def is_stale(self, today: datetime.date) -> bool:
        return self.review_due is not None and self.review_due < today
