"""Keep each document's search vector in step with what it borrows words from.

The vector holds the names of the document's session, territories, themes and organisation
(pages anyone may see only): it is rebuilt when those links change, when those pages (or the
pages they are aliases of) are published, unpublished, moved to another section or have their
privacy changed, and when a theme or organisation is renamed.

And a document's preview goes with it: Wagtail deletes a deleted document's file, not the
fields it does not know.
"""

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from documents.models import Resource, Theme
from people.models import Organisation
from sessions.models import SessionPage
from territoires.models import TerritoryPage


def refresh(documents):
    if connection.vendor != "postgresql":
        return
    for document in documents.select_related("session", "organisation").iterator():
        document.refresh_search_vector()


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        instance.refresh_search_vector()
    elif pk_set:
        refresh(Resource.objects.filter(pk__in=pk_set))
    else:  # a page or theme cleared of all its documents: cannot tell which, refresh its own
        refresh(Resource.objects.filter(Q(territories=instance.pk) | Q(themes=instance.pk)))


def refresh_linked_to(pages):
    """Refresh the documents whose session or territories are among these pages or are
    aliases of them (an alias is seen under its source's restrictions)."""
    ids = pages.values("pk")
    linked = Page.objects.filter(Q(pk__in=ids) | Q(alias_of__in=ids)).values("pk")
    refresh(Resource.objects.filter(Q(session__in=linked) | Q(territories__in=linked)).distinct())


def linked_page_changed(sender, instance, **kwargs):
    refresh_linked_to(Page.objects.filter(pk=instance.pk))


def restriction_changed(sender, instance, **kwargs):
    try:
        page = instance.page
    except Page.DoesNotExist:  # the page itself was deleted
        return
    refresh_linked_to(Page.objects.descendant_of(page, inclusive=True))


def page_moved_elsewhere(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A move under another section changes the restrictions a page inherits."""
    if parent_page_before.pk != parent_page_after.pk:
        refresh_linked_to(Page.objects.descendant_of(instance, inclusive=True))


def theme_changed(sender, instance, created=False, **kwargs):
    if not created:
        refresh(instance.documents.all())


def organisation_changed(sender, instance, created=False, **kwargs):
    if not created:
        refresh(instance.documents.all())


def delete_preview(sender, instance, **kwargs):
    """Once the deletion is committed (a rolled-back one keeps its preview), in S3 too."""
    preview = instance.preview
    if preview and preview.name:
        name, storage = preview.name, preview.storage
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    post_delete.connect(delete_preview, sender=Resource, dispatch_uid="delete-preview")
    for through in (Resource.territories.through, Resource.themes.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"refresh-{through}")
    for model in (SessionPage, TerritoryPage):
        for signal in (page_published, page_unpublished):
            signal.connect(
                linked_page_changed, sender=model, dispatch_uid=f"refresh-{model}-{signal}"
            )
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed, sender=PageViewRestriction, dispatch_uid=f"refresh-r-{signal}"
        )
    post_page_move.connect(page_moved_elsewhere, dispatch_uid="refresh-moved")
    post_save.connect(theme_changed, sender=Theme, dispatch_uid="refresh-theme")
    post_save.connect(
        organisation_changed, sender=Organisation, dispatch_uid="refresh-organisation"
    )
