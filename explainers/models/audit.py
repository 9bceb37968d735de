from django.conf import settings
from django.db import models


class TransitionLog(models.Model):
    """One workflow transition of an explainer: who, when, from, to and why."""

    explainer = models.ForeignKey(
        "explainers.Explainer", on_delete=models.CASCADE, related_name="transitions"
    )
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.transition}: {self.from_state} → {self.to_state}"
