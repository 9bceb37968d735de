from django.db import migrations

GIN_INDEX = (
    "CREATE INDEX IF NOT EXISTS listing_search_vector "
    "ON explainers_livelisting USING gin (search_vector)"
)


def search_index(apps, schema_editor):
    # GIN exists on PostgreSQL only; elsewhere search reads search_text.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN_INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS listing_search_vector")


def backfill(apps, schema_editor):
    """A listing row for every explainer live before listings existed."""
    from explainers.listing import listing_fields, readers_text, search_vector

    Explainer = apps.get_model("explainers", "Explainer")
    LiveListing = apps.get_model("explainers", "LiveListing")
    live = (
        Explainer.objects.filter(live_revision__isnull=False)
        .exclude(state="archived")
        .select_related("live_revision")
    )
    for explainer in live.iterator():
        revision = explainer.live_revision
        LiveListing.objects.update_or_create(
            explainer_id=explainer.pk,
            defaults=listing_fields(
                revision, first_published_at=explainer.first_published_at
            ),
        )
        if schema_editor.connection.vendor == "postgresql":
            LiveListing.objects.filter(pk=explainer.pk).update(
                search_vector=search_vector(
                    readers_text(revision.content, revision.html)
                )
            )


class Migration(migrations.Migration):
    dependencies = [("explainers", "0005_live_listing")]

    operations = [
        migrations.RunPython(search_index, drop_search_index),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
