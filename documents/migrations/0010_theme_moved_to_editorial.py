"""The themes now belong to the editorial app (see editorial 0001): the documents' links to
them are unchanged in the database, only Django's state names the new app."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0009_review_release"),
        ("editorial", "0001_theme_from_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resourcecollectionpage",
                    name="rule_theme",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="editorial.theme", verbose_name="thème"),
                ),
                migrations.AlterField(
                    model_name="resource",
                    name="themes",
                    field=models.ManyToManyField(blank=True, related_name="documents", to="editorial.theme", verbose_name="thèmes"),
                ),
                migrations.DeleteModel(name="Theme"),
            ],
            database_operations=[],
        ),
    ]
