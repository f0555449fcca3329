"""DemoStep moves to the demo app: the state only, the table and its rows stay (demo.0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_participants_count"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DemoStep")],
            database_operations=[],
        ),
    ]
