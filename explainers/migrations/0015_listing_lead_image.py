from django.db import migrations, models

BATCH = 1000


def copy_lead_images(apps, schema_editor):
    """Listings written before this migration take the lead image their live
    revision froze (none had one yet, but a revision is the record)."""
    LiveListing = apps.get_model("explainers", "LiveListing")
    changed = []
    for listing in LiveListing.objects.select_related("revision").iterator(
        chunk_size=BATCH
    ):
        lead = (listing.revision.content.get("explainer") or {}).get("lead_image")
        if lead:
            listing.lead_image = lead
            changed.append(listing)
    LiveListing.objects.bulk_update(changed, ["lead_image"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("explainers", "0014_scheduled_publishing"),
    ]

    operations = [
        migrations.AddField(
            model_name="livelisting",
            name="lead_image",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_lead_images, migrations.RunPython.noop),
    ]
