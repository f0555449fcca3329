"""« Contenu d’exemple » moves from the whole session page to each section the source
document does not give (it gives the number, date and place): theme and summary, objectives,
programme, report, work on site.

A page flagged until now claimed all of these invented: each of its non-empty sections is
flagged, in the page's row and in its revisions (so that publishing a pending draft,
comparing or reverting keeps the marks). An editor then unticks what is real.
"""

from django.db import migrations, models

# flag: the field it marks
SECTIONS = {
    "theme_example": "theme",
    "objectives_example": "objectives",
    "programme_example": "programme",
    "report_example": "report",
    "on_site_work_example": "on_site_work",
}


def has_text(value):
    """A field's stored value (text, or a StreamField's JSON), as a row or a revision holds
    it: empty or not."""
    return bool(value) and value not in ("[]", "null")


def stored(page, field):
    value = getattr(page, field)
    return getattr(value, "raw_data", value)


def revision_flags_from_page_flag(content):
    """A revision's content, with the page flag turned into the new flags."""
    content = dict(content)
    if content.pop("example_content", False):
        for flag, field in SECTIONS.items():
            content[flag] = has_text(content.get(field))
    return content


def revision_page_flag_from_flags(content):
    content = dict(content)
    content["example_content"] = any([content.pop(flag, False) for flag in SECTIONS])
    return content


def revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="formation_sessions", model="sessionpage")
    return Revision.objects.filter(content_type__in=content_type)


def flags_from_page_flag(apps, schema_editor):
    SessionPage = apps.get_model("formation_sessions", "SessionPage")
    for page in SessionPage.objects.filter(example_content=True):
        for flag, field in SECTIONS.items():
            setattr(page, flag, has_text(stored(page, field)))
        page.save(update_fields=list(SECTIONS))
    for revision in revisions(apps):
        content = revision_flags_from_page_flag(revision.content)
        if content != revision.content:
            revision.content = content
            revision.save(update_fields=["content"])


def page_flag_from_flags(apps, schema_editor):
    SessionPage = apps.get_model("formation_sessions", "SessionPage")
    for page in SessionPage.objects.all():
        page.example_content = any(getattr(page, flag) for flag in SECTIONS)
        page.save(update_fields=["example_content"])
    for revision in revisions(apps):
        revision.content = revision_page_flag_from_flags(revision.content)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('formation_sessions', '0003_drafts_of_places'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='sessionpage',
            name='objectives_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (objectifs)'),
        ),
        migrations.AddField(
            model_name='sessionpage',
            name='on_site_work_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (travaux sur site)'),
        ),
        migrations.AddField(
            model_name='sessionpage',
            name='programme_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (programme)'),
        ),
        migrations.AddField(
            model_name='sessionpage',
            name='report_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (compte rendu)'),
        ),
        migrations.AddField(
            model_name='sessionpage',
            name='theme_example',
            field=models.BooleanField(default=False, help_text='Cochez tant que cette section est inventée pour la démonstration : elle porte alors la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a remplacée.', verbose_name='contenu d’exemple (thème et résumé)'),
        ),
        migrations.RunPython(flags_from_page_flag, page_flag_from_flags),
    ]
