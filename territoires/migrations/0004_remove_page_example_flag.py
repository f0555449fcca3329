"""The page-wide « contenu d’exemple » flag is gone: 0003_example_flags_on_sections_and_items moved it to the sections and
items it described."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("territoires", "0003_example_flags_on_sections_and_items"),
    ]

    operations = [
        migrations.RemoveField(model_name="territorypage", name="example_content"),
    ]
