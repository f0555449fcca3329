"""The one visibility rule of the site: what this request's user may see.

Every listing, menu, search, feed and calendar asks this module, never `.live()` alone:
Wagtail's view restrictions apply to a page and all its descendants, and `Page.objects.live()`
ignores them.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)


def _user_passes(restriction, user, group_ids):
    kind = restriction.restriction_type
    if kind == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if kind == BaseViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return any(group.pk in group_ids for group in restriction.groups.all())
    # Shared-password restrictions are switched off in the settings; one that exists anyway
    # (made before that) hides its pages from every listing.
    return False


def hidden_pages_q(request):
    """A Q matching every page hidden from this request's user; computed once per request."""
    cached = getattr(request, "_hidden_pages_q", None)
    if cached is not None:
        return cached
    user = request.user
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    hidden = Q(pk__in=[])
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    for restriction in restrictions:
        if not _user_passes(restriction, user, group_ids):
            page = restriction.page
            hidden |= Q(path__startswith=page.path, depth__gte=page.depth)
    request._hidden_pages_q = hidden
    return hidden


def is_page_visible(page, request):
    """Whether this request's user may see one page (live, and every restriction passed)."""
    return visible_pages(type(page).objects.filter(pk=page.pk), request).exists()


def visible_pages(pages, request):
    """Narrow a page queryset to the live pages this request's user may see."""
    return pages.live().exclude(hidden_pages_q(request))


def hidden_collections_q(request):
    """A Q on documents matching those in a collection hidden from this request's user."""
    cached = getattr(request, "_hidden_collections_q", None)
    if cached is not None:
        return cached
    user = request.user
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    hidden = Q(pk__in=[])
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related(
        "groups"
    )
    for restriction in restrictions:
        if not _user_passes(restriction, user, group_ids):
            collection = restriction.collection
            hidden |= Q(
                collection__path__startswith=collection.path,
                collection__depth__gte=collection.depth,
            )
    request._hidden_collections_q = hidden
    return hidden


def visible_documents(documents, request):
    """Narrow a document queryset to those this request's user may download."""
    return documents.exclude(hidden_collections_q(request))


def is_document_visible(document, request):
    """Whether this request's user may see (and so be shown a link to) one document."""
    if request is None:
        return False
    model = type(document)
    return visible_documents(model.objects.filter(pk=document.pk), request).exists()


class _Anonymous:
    """Stands for a visitor with no account, where no request is at hand (rich text)."""

    user = AnonymousUser()


def public_page_ids(ids):
    """Of these page ids, those anyone may see."""
    return set(
        visible_pages(Page.objects.filter(pk__in=ids), _Anonymous()).values_list("pk", flat=True)
    )


def public_document_ids(model, ids):
    """Of these document ids, those anyone may download."""
    return set(
        visible_documents(model.objects.filter(pk__in=ids), _Anonymous()).values_list(
            "pk", flat=True
        )
    )
