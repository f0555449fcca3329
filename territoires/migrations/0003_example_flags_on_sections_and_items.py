"""« Contenu d’exemple » moves from the whole territory page to what is invented: the shared
knowledge (a section) and each neighbourhood, team member, key issue and action (items).

A page flagged until now claimed all of these invented: its non-empty shared knowledge and
all its items are flagged, in the page's rows and in its revisions (so that publishing a
pending draft, comparing or reverting keeps the marks). An editor then unticks what is real.
"""

from django.db import migrations, models

ITEMS = ("neighbourhoods", "team_members", "key_issues", "actions")
ITEM_MODELS = ("PriorityNeighbourhood", "TeamMember", "KeyIssue", "ShortTermAction")


def has_text(value):
    """A StreamField's stored value, as a row or a revision holds it: empty or not."""
    return bool(value) and value not in ("[]", "null")


def revision_flags_from_page_flag(content):
    """A revision's content, with the page flag turned into the new flags."""
    content = dict(content)
    if not content.pop("example_content", False):
        return content
    content["shared_knowledge_example"] = has_text(content.get("shared_knowledge"))
    for name in ITEMS:
        content[name] = [{**item, "example_content": True} for item in content.get(name) or []]
    return content


def revision_page_flag_from_flags(content):
    content = dict(content)
    flags = [content.pop("shared_knowledge_example", False)]
    for name in ITEMS:
        items = content.get(name) or []
        flags += [item.get("example_content", False) for item in items]
        content[name] = [
            {key: value for key, value in item.items() if key != "example_content"}
            for item in items
        ]
    content["example_content"] = any(flags)
    return content


def revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="territoires", model="territorypage")
    return Revision.objects.filter(content_type__in=content_type)


def flags_from_page_flag(apps, schema_editor):
    TerritoryPage = apps.get_model("territoires", "TerritoryPage")
    flagged = TerritoryPage.objects.filter(example_content=True)
    for page in flagged:
        page.shared_knowledge_example = has_text(page.shared_knowledge.raw_data)
        page.save(update_fields=["shared_knowledge_example"])
    for model in ITEM_MODELS:
        apps.get_model("territoires", model).objects.filter(territory__in=flagged).update(
            example_content=True
        )
    for revision in revisions(apps):
        content = revision_flags_from_page_flag(revision.content)
        if content != revision.content:
            revision.content = content
            revision.save(update_fields=["content"])


def page_flag_from_flags(apps, schema_editor):
    TerritoryPage = apps.get_model("territoires", "TerritoryPage")
    for page in TerritoryPage.objects.all():
        page.example_content = page.shared_knowledge_example or any(
            getattr(page, name).filter(example_content=True).exists() for name in ITEMS
        )
        page.save(update_fields=["example_content"])
    for revision in revisions(apps):
        revision.content = revision_page_flag_from_flags(revision.content)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('territoires', '0002_block_search_index'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='keyissue',
            name='example_content',
            field=models.BooleanField(default=False, help_text='Cochez si cet élément est inventé pour la démonstration ; décochez-le quand il est vrai.', verbose_name='contenu d’exemple'),
        ),
        migrations.AddField(
            model_name='priorityneighbourhood',
            name='example_content',
            field=models.BooleanField(default=False, help_text='Cochez si cet élément est inventé pour la démonstration ; décochez-le quand il est vrai.', verbose_name='contenu d’exemple'),
        ),
        migrations.AddField(
            model_name='shorttermaction',
            name='example_content',
            field=models.BooleanField(default=False, help_text='Cochez si cet élément est inventé pour la démonstration ; décochez-le quand il est vrai.', verbose_name='contenu d’exemple'),
        ),
        migrations.AddField(
            model_name='teammember',
            name='example_content',
            field=models.BooleanField(default=False, help_text='Cochez si cet élément est inventé pour la démonstration ; décochez-le quand il est vrai.', verbose_name='contenu d’exemple'),
        ),
        migrations.AddField(
            model_name='territorypage',
            name='shared_knowledge_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (connaissance partagée)'),
        ),
        migrations.RunPython(flags_from_page_flag, page_flag_from_flags),
    ]
