from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Waiver(models.Model):
    """A reviewer's signed decision that a detected number is not a statistic."""

    explainer = models.ForeignKey(
        "explainers.Explainer", on_delete=models.CASCADE, related_name="waivers"
    )
    # Field + normalised sentence + phrase: an edited sentence is a new finding.
    fingerprint = models.CharField(max_length=64)
    field = models.CharField(max_length=64)
    phrase = models.CharField(max_length=200)
    sentence = models.TextField()
    reason = models.TextField()
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["explainer", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["explainer", "fingerprint"], name="waiver_unique_per_finding"
            )
        ]

    def __str__(self):
        return f"{self.phrase!r} waived"
