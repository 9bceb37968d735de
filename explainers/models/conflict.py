from django.db import models
from simple_history.models import HistoricalRecords


class Conflict(models.Model):
    """A conflict or topic that explainers are filed under."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
