"""For the data migrations that put existing snippets under the editorial workflow.

Rows that existed before a model kept drafts have no revision: Wagtail's edit form then sends
no « loaded revision », and a second editor saving over a first one could not be told
(access.snippets). Each gets one revision, published, holding its current (live) content:
its history starts there.
"""

from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields


def publish_current_versions(apps, app_label, model_name, describe):
    """Give each row of this model without a revision a published revision of its current
    content. `describe(row)` is the text Wagtail shows for a revision (the model's __str__,
    which historical models do not have)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    now = timezone.now()
    for row in model.objects.filter(latest_revision__isnull=True).iterator():
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(row.pk),
            created_at=now,
            object_str=describe(row),
            content=get_serializable_data_for_fields(row),
        )
        model.objects.filter(pk=row.pk).update(
            latest_revision=revision,
            live_revision=revision,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )


def nothing(apps, schema_editor):
    """Going back: the columns go; the revisions stay in Wagtail's history, unused."""
