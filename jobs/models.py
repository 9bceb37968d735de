"""What ran, what failed and why; the periodic schedule; exclusive-run locks."""

from django.db import models


class JobRun(models.Model):
    """One attempt at one job, whatever queue ran it."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        RETRYING = "retrying", "Failed, will retry"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (already running)"

    task = models.CharField(max_length=200, db_index=True)
    arguments = models.JSONField(default=dict, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status, default=Status.RUNNING)
    result = models.TextField(blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=100, blank=True)
    queued_id = models.CharField(
        max_length=64, blank=True, help_text="The queue's own id for this attempt."
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["status", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.task} #{self.attempt}: {self.get_status_display()}"

    @property
    def duration(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class Schedule(models.Model):
    """When a periodic job next falls due; a worker claims it with one UPDATE."""

    name = models.CharField(max_length=200, unique=True)
    every_seconds = models.PositiveIntegerField()
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobLock(models.Model):
    """Held while an exclusive job runs; expires so a killed worker frees it."""

    key = models.CharField(max_length=255, unique=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
