import django.db.models.deletion
from django.db import migrations, models

LEAD_IMAGE_HELP = (
    "Shown under the headline and when the page is shared. Its alt text, "
    "caption and credit are checked before publishing."
)
KEY_FIGURE_HELP = (
    "Shows the figure in the page's Key figures panel, in this order (1 first). "
    "Leave empty to keep it in the text only."
)


class Migration(migrations.Migration):
    dependencies = [
        ("explainers", "0012_withdrawals"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="explainer",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text=LEAD_IMAGE_HELP,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.AddField(
            model_name="historicalexplainer",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=LEAD_IMAGE_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="images.image",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatistic",
            name="key_figure",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=KEY_FIGURE_HELP,
                null=True,
                verbose_name="key figure position",
            ),
        ),
        migrations.AddField(
            model_name="statistic",
            name="key_figure",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=KEY_FIGURE_HELP,
                null=True,
                verbose_name="key figure position",
            ),
        ),
    ]
