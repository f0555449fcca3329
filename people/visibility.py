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


def _hidden_q(request, restriction_model, target, prefix):
    """A Q matching every object under a restriction this request's user does not pass.

    `target` names the restricted tree node on the restriction (page or collection); `prefix`
    is the lookup from the queried model to that tree ("" for pages, "collection__" for
    documents). Computed once per request and per model.
    """
    cache = request.__dict__.setdefault("_hidden_q_cache", {})
    if restriction_model in cache:
        return cache[restriction_model]
    # A request refused before the authentication middleware ran (a forged Host header) has
    # no user: it sees what anyone sees.
    user = getattr(request, "user", None) or AnonymousUser()
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    hidden = Q(pk__in=[])
    restrictions = restriction_model.objects.select_related(target).prefetch_related("groups")
    for restriction in restrictions:
        if not _user_passes(restriction, user, group_ids):
            node = getattr(restriction, target)
            hidden |= Q(
                **{f"{prefix}path__startswith": node.path, f"{prefix}depth__gte": node.depth}
            )
    cache[restriction_model] = hidden
    return hidden


def hidden_pages_q(request):
    """A Q matching every page hidden from this request's user."""
    return _hidden_q(request, PageViewRestriction, "page", "")


def is_page_visible(page, request):
    """Whether this request's user may see one page (live, and every restriction passed)."""
    return visible_pages(type(page).objects.filter(pk=page.pk), request).exists()


def visible_pages(pages, request):
    """Narrow a page queryset to the live pages this request's user may see."""
    return pages.live().exclude(hidden_pages_q(request))


def hidden_collections_q(request):
    """A Q on documents matching those in a collection hidden from this request's user."""
    return _hidden_q(request, CollectionViewRestriction, "collection", "collection__")


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


def anyone():
    """A stand-in request for a visitor with no account: what is built for everyone whoever
    asks (calendars, feeds, the sitemap) is narrowed with it. A fresh one each time, so no
    cached rule outlives a change of restrictions."""
    return _Anonymous()


def public_page_ids(ids):
    """Of these page ids, those anyone may see."""
    return set(
        visible_pages(Page.objects.filter(pk__in=ids), anyone()).values_list("pk", flat=True)
    )


def public_document_ids(model, ids):
    """Of these document ids, those anyone may download."""
    return set(
        visible_documents(model.objects.filter(pk__in=ids), anyone()).values_list("pk", flat=True)
    )
