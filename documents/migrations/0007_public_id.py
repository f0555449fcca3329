"""Documents get a public identifier for their addresses; those that exist now keep their old
numbered address too (has_legacy_address)."""

import uuid

from django.db import migrations, models


def give_public_ids(apps, schema_editor):
    Resource = apps.get_model("documents", "Resource")
    batch = []
    for document in Resource.objects.only("pk").iterator(chunk_size=2000):
        document.public_id = uuid.uuid4()
        document.has_legacy_address = True
        batch.append(document)
        if len(batch) == 2000:
            Resource.objects.bulk_update(batch, ["public_id", "has_legacy_address"])
            batch = []
    Resource.objects.bulk_update(batch, ["public_id", "has_legacy_address"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_listing_indexes")]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="resource",
            name="has_legacy_address",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resource",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
