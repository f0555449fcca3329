"""The themes move from the documents app to this one: the territories' key issues and actions
are tagged with them too, and the territories app sits above the documents app (imports flow
one way). The table, its rows, revisions, permissions and workflow states stay: only Django's
state and the content type's app change here; 0002 renames the table."""

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label, other):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=app_label, model="theme").exists():
            ContentType.objects.filter(app_label=other, model="theme").update(
                app_label=app_label
            )

    return move


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("documents", "0009_review_release"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("live", models.BooleanField(default=True, editable=False, verbose_name="live")),
                        ("has_unpublished_changes", models.BooleanField(default=False, editable=False, verbose_name="has unpublished changes")),
                        ("first_published_at", models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="first published at")),
                        ("last_published_at", models.DateTimeField(editable=False, null=True, verbose_name="last published at")),
                        ("go_live_at", models.DateTimeField(blank=True, null=True, verbose_name="go live date/time")),
                        ("expire_at", models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time")),
                        ("expired", models.BooleanField(default=False, editable=False, verbose_name="expired")),
                        ("locked", models.BooleanField(default=False, editable=False, verbose_name="locked")),
                        ("locked_at", models.DateTimeField(editable=False, null=True, verbose_name="locked at")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="nom")),
                        ("slug", models.SlugField(max_length=100, unique=True, verbose_name="identifiant")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("latest_revision", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="latest revision")),
                        ("live_revision", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.revision", verbose_name="live revision")),
                        ("locked_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="locked_%(class)ss", to=settings.AUTH_USER_MODEL, verbose_name="locked by")),
                    ],
                    options={
                        "verbose_name": "thème",
                        "verbose_name_plural": "thèmes",
                        "ordering": ["name"],
                        "db_table": "documents_theme",
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            content_type_to("editorial", "documents"), content_type_to("documents", "editorial")
        ),
    ]
