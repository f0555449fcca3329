import django.contrib.postgres.search
from django.db import migrations


def fill_head_vectors(apps, schema_editor):
    """The head of each existing vector: its title, description and metadata words (weights A
    and B), read from the vector itself (PostgreSQL's ts_filter), positions kept."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE documents_resource SET head_vector = ts_filter(search_vector, '{a,b}')"
        " WHERE search_vector IS NOT NULL"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0012_deposits"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_head_vectors, migrations.RunPython.noop),
    ]
