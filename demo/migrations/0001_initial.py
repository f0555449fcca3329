"""DemoStep, adopted from the home app with its table (home_demostep) and the steps already
recorded on existing sites: the state only, nothing is created in the database."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the content type (and the permissions that point at it) under the new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="demo", model="demostep").exists():
        ContentType.objects.filter(app_label="home", model="demostep").update(app_label="demo")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="home", model="demostep").exists():
        ContentType.objects.filter(app_label="demo", model="demostep").update(app_label="home")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("home", "0005_demostep_moves_to_demo"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="étape"),
                        ),
                        (
                            "applied_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="appliquée le"),
                        ),
                    ],
                    options={
                        "verbose_name": "étape de la démonstration",
                        "verbose_name_plural": "étapes de la démonstration",
                        "db_table": "home_demostep",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
