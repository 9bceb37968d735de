"""Pending statistics whose review lapsed before ``lapsed_at`` existed get the
moment of that lapse from their history, so the desk lists them too."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def backfill(apps, schema_editor):
    Statistic = apps.get_model("explainers", "Statistic")
    History = apps.get_model("explainers", "HistoricalStatistic")
    # Both ways a review lapses write this reason (explainers.services.content).
    last_lapse = (
        History.objects.filter(
            id=OuterRef("pk"), history_change_reason__startswith="Review lapsed"
        )
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    Statistic.objects.filter(
        Exists(last_lapse), review_state="pending", lapsed_at__isnull=True
    ).update(lapsed_at=Subquery(last_lapse))


class Migration(migrations.Migration):
    dependencies = [("explainers", "0015_listing_lead_image")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
