"""The documents app's signal receivers, connected in one place (`connect`, from
DocumentsConfig.ready). They answer events other than a document being stored, which is
documents.pipeline's work.

The search vector: it holds the names of the document's session, territories, themes and
organisation (pages anyone may see only), so it is rebuilt when those links change, when those
pages (or the pages they are aliases of) are published, unpublished, moved to another section
or have their privacy changed, and when a theme or organisation is renamed. These events
belong to other apps: signals are how documents hears of them without those apps importing it.

The preview: it goes with its document. Wagtail deletes a deleted document's file, not the
fields it does not know.

The downloads: one more for this month when a file has gone out to the end (documents.views
sends Wagtail's document_served then).
"""

from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from wagtail.documents.models import document_served
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from documents.models import DownloadCount, Resource
from editorial.models import Theme
from people.models import Organisation
from sessions.models import SessionPage
from territoires.models import TerritoryPage


# The search vector.
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


# What Wagtail writes on a theme's or organisation's row when a draft is saved, submitted or
# locked: the published name is unchanged, so the documents' vectors are too.
DRAFT_BOOKKEEPING = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_by", "locked_at"}
)


def published_content_changed(created, update_fields):
    return not created and not (update_fields and set(update_fields) <= DRAFT_BOOKKEEPING)


def theme_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if published_content_changed(created, update_fields):
        refresh(instance.documents.all())


def organisation_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if published_content_changed(created, update_fields):
        refresh(instance.documents.all())


# The preview.
def delete_preview(sender, instance, **kwargs):
    """Once the deletion is committed (a rolled-back one keeps its preview), in S3 too."""
    preview = instance.preview
    if preview and preview.name:
        name, storage = preview.name, preview.storage
        transaction.on_commit(lambda: storage.delete(name))


# The downloads.
def count_download(sender, instance, request=None, **kwargs):
    """One more download this month; safe under concurrent requests."""
    month = date.today().replace(day=1)
    counts = DownloadCount.objects.filter(document=instance, month=month)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(document=instance, month=month, count=1)
    except IntegrityError:  # another request created this month's row first
        counts.update(count=F("count") + 1)


def connect():
    # The search vector.
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
    # The preview.
    post_delete.connect(delete_preview, sender=Resource, dispatch_uid="delete-preview")
    # The downloads.
    document_served.connect(count_download, dispatch_uid="documents.count_download")
