"""The roots of the page tree and of the collections, named in French: the admin shows them
in its breadcrumbs, explorer and collection lists (« Root » otherwise)."""

from django.db import migrations

ROOT_PAGE = "Toutes les pages"
ROOT_COLLECTION = "Toutes les collections"


def name_roots(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=ROOT_PAGE, draft_title=ROOT_PAGE
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(
        name=ROOT_COLLECTION
    )


def name_roots_back(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=ROOT_PAGE).update(
        title="Root", draft_title="Root"
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(
        depth=1, name=ROOT_COLLECTION
    ).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_demostep_moves_to_demo"),
        ("wagtailcore", "0025_collection_initial_data"),
    ]

    operations = [migrations.RunPython(name_roots, name_roots_back)]
