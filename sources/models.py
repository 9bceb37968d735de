"""Sources of facts and the citations that tie statistics to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from newsroom.validators import http_url_validator

doi_validator = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    "Enter a DOI such as 10.1000/xyz123, without https://doi.org/.",
)


def _web_address_only(field: str) -> Q:
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"})
    )


class Source(models.Model):
    """Where a fact comes from, described as citation standards describe it."""

    class Kind(models.TextChoices):
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        GOVERNMENT_DATA = "government_data", "Government data"
        INTERNATIONAL_BODY = "international_body", "UN / international body"
        NGO = "ngo", "NGO"
        ACADEMIC = "academic", "Academic"
        NEWS_AGENCY = "news_agency", "News agency"
        NEWS_OUTLET = "news_outlet", "News outlet"
        COURT_RECORD = "court_record", "Court record"
        DATASET = "dataset", "Dataset"
        OTHER = "other", "Other"

    class LinkStatus(models.TextChoices):
        LIVE = "live", "Live"
        # Found by the link checker (sources.links): the address still leads
        # to a page, elsewhere or with other text than when it was cited.
        REDIRECTED = "redirected", "Redirected"
        CHANGED = "changed", "Changed since cited"
        DEAD = "dead", "Dead"
        USURPED = "usurped", "Usurped"

    class Reliability(models.TextChoices):
        GENERALLY_RELIABLE = "generally_reliable", "Generally reliable"
        MIXED = "mixed", "Mixed"
        GENERALLY_UNRELIABLE = "generally_unreliable", "Generally unreliable"
        UNRATED = "unrated", "Unrated"

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        CORRECTED = "corrected", "Corrected by its publisher"
        RETRACTED = "retracted", "Retracted by its publisher"

    kind = models.CharField(max_length=32, choices=Kind)
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Publisher or producer of the source."
    )
    authors = models.TextField(blank=True, help_text="One author per line.")
    published_date = models.DateField(null=True, blank=True)
    url = models.URLField(
        "URL", max_length=2000, blank=True, validators=[http_url_validator]
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, validators=[doi_validator]
    )
    archive_url = models.URLField(
        "archive URL", max_length=2000, blank=True, validators=[http_url_validator]
    )
    archive_date = models.DateField(null=True, blank=True)
    link_status = models.CharField(
        max_length=16, choices=LinkStatus, default=LinkStatus.LIVE
    )
    # Kept by the link checker (sources.links.services), never in forms.
    link_checked_at = models.DateTimeField(
        "link last checked", null=True, blank=True, editable=False
    )
    link_check_due = models.DateTimeField(
        "next link check",
        null=True,
        blank=True,
        editable=False,
        help_text="Set once the source is cited; empty for sources nobody cites.",
    )
    link_failures = models.PositiveSmallIntegerField(
        "consecutive failed link checks", default=0, editable=False
    )
    cited_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the page's text when the source was first cited.",
    )
    accessed_date = models.DateField(
        null=True, blank=True, help_text="Required for web sources."
    )
    language = models.CharField(
        max_length=35, default="en", help_text="Language tag, such as en, uk or ru."
    )
    reliability = models.CharField(
        max_length=32, choices=Reliability, default=Reliability.UNRATED
    )
    reliability_note = models.TextField(blank=True)
    # Editorial status, changed only by ``services.source_mark_status``.
    status = models.CharField(
        max_length=16, choices=Status, default=Status.CURRENT, editable=False
    )
    status_note = models.TextField(blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # The checker's bookkeeping changes daily and means nothing to readers.
    history = HistoricalRecords(
        excluded_fields=["link_checked_at", "link_check_due", "link_failures"]
    )

    class Meta:
        ordering = ["title", "id"]
        permissions = [
            ("mark_source_status", "Can mark a source current, corrected or retracted")
        ]
        indexes = [
            # The few sources that make live explainers need an editor's eye.
            models.Index(
                fields=["id"],
                condition=Q(status="retracted") | Q(link_status="dead"),
                name="source_flagged",
            ),
            # "Which links are due" is one range scan over the cited sources.
            models.Index(
                fields=["link_check_due"],
                condition=Q(link_check_due__isnull=False),
                name="source_link_check_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="current") | ~Q(status_note=""),
                name="source_status_has_note",
                violation_error_message="A corrected or retracted source needs a "
                "note saying what happened.",
            ),
            models.CheckConstraint(
                condition=_web_address_only("url"), name="source_url_http_only"
            ),
            models.CheckConstraint(
                condition=_web_address_only("archive_url"),
                name="source_archive_url_http_only",
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(accessed_date__isnull=False),
                name="source_web_needs_accessed_date",
                violation_error_message="A web source needs the date it was accessed.",
            ),
            models.CheckConstraint(
                condition=Q(archive_url="") | Q(archive_date__isnull=False),
                name="source_archive_needs_date",
                violation_error_message="An archived copy needs its archive date.",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def clean(self):
        errors = {}
        if self.url and not self.accessed_date:
            errors["accessed_date"] = "A web source needs the date it was accessed."
        if self.archive_url and not self.archive_date:
            errors["archive_date"] = "An archived copy needs its archive date."
        if self.link_is_broken and not self.archive_url:
            errors["archive_url"] = "A dead or usurped link needs an archived copy."
        if errors:
            raise ValidationError(errors)

    @property
    def link_is_broken(self) -> bool:
        """True when the original address no longer leads to the source."""
        return self.link_status in (self.LinkStatus.DEAD, self.LinkStatus.USURPED)

    @property
    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def as_record(self) -> dict:
        """Returns the metadata readers see, as JSON-ready values.

        Published revisions store this; a statistic's review digest covers it,
        so a change to any of it makes the review lapse.
        """

        def day(value):
            return value.isoformat() if value else None

        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.title,
            "publisher": self.publisher,
            "authors": self.author_list,
            "published_date": day(self.published_date),
            "url": self.url,
            "doi": self.doi,
            "archive_url": self.archive_url,
            "archive_date": day(self.archive_date),
            # Readers learn whether the original link still works; that it
            # redirects or its text changed is for editors (the link
            # checker finds it), so it moves no approval.
            "link_status": self.link_status
            if self.link_is_broken
            else self.LinkStatus.LIVE.value,
            "accessed_date": day(self.accessed_date),
            "language": self.language,
            "reliability": self.reliability,
        }


class Citation(models.Model):
    """One statistic supported by one source, with where and what it says."""

    statistic = models.ForeignKey(
        "explainers.Statistic", on_delete=models.CASCADE, related_name="citations"
    )
    # A source in use cannot disappear from under the statistics that rely on it.
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations"
    )
    locator = models.CharField(
        max_length=200,
        blank=True,
        help_text="Page, section, paragraph or timestamp, e.g. 'p. 12, para. 4'.",
    )
    quote = models.TextField(
        "quoted passage", blank=True, help_text="The passage that supports the number."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["statistic", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statistic", "source", "locator"],
                name="citation_unique_per_statistic_source_locator",
                violation_error_message="This source is already cited here with "
                "the same locator.",
            )
        ]

    def __str__(self):
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source}{where}"


class LinkCheck(models.Model):
    """One check of a source's web address by the link checker."""

    class Outcome(models.TextChoices):
        LIVE = "live", "Live"
        REDIRECTED = "redirected", "Redirected"
        CHANGED = "changed", "Changed since cited"
        DEAD = "dead", "Dead"
        # Refused before fetching: the address is internal (or not http).
        BLOCKED = "blocked", "Blocked"
        # No usable answer: timeout, connection or DNS failure, refusal.
        ERROR = "error", "Error"

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="link_checks"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    url = models.CharField("URL", max_length=2000)
    outcome = models.CharField(max_length=16, choices=Outcome)
    status_code = models.PositiveSmallIntegerField("HTTP status", null=True)
    final_url = models.CharField("final URL", max_length=2000, blank=True)
    redirects = models.JSONField(
        default=list, blank=True, help_text="Each hop: its URL and HTTP status."
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempt = models.PositiveSmallIntegerField(
        default=0,
        help_text="Which consecutive failed check this was; 0 when the link answered.",
    )

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [
            models.Index(
                fields=["source", "-checked_at"], name="linkcheck_source_recent"
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} at {self.checked_at:%Y-%m-%d %H:%M}"
