"""Documents wait for a publisher's release before anyone outside the staff sees them
(documents.release). Those that exist now were published as they are: they are marked
released, so that nothing a site shows today disappears."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def release_existing_documents(apps, schema_editor):
    Resource = apps.get_model("documents", "Resource")
    Resource.objects.filter(released_at__isnull=True).update(released_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_drafts_of_themes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="resource",
            options={
                "permissions": [
                    ("release_resource", "Peut valider la publication des documents")
                ],
                "verbose_name": "document",
                "verbose_name_plural": "documents",
            },
        ),
        migrations.AddField(
            model_name="resource",
            name="released_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="validé le"
            ),
        ),
        migrations.AddField(
            model_name="resource",
            name="released_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="validé par",
            ),
        ),
        migrations.RunPython(release_existing_documents, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                models.OrderBy(models.F("created_at"), descending=True),
                condition=models.Q(("released_at__isnull", True)),
                name="resource_waiting",
            ),
        ),
    ]
