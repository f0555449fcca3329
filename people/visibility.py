"""The one visibility rule of the site: what this request's user may see.

Every listing, menu, search, feed and calendar asks this module, never `.live()` alone:
Wagtail's view restrictions apply to a page and all its descendants, and `Page.objects.live()`
ignores them.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

# What a link to a page and the visibility rule read of it: lists of links (menus, breadcrumbs,
# footer, facets) select only these, not Wagtail's thirty columns.
PAGE_LINK_FIELDS = ("id", "title", "url_path", "path", "depth", "live", "alias_of_id")


def _user_passes(kind, groups, user, group_ids):
    if kind == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if kind == BaseViewRestriction.GROUPS:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return bool(groups & group_ids)
    # Shared-password restrictions are switched off in the settings; one that exists anyway
    # (made before that) hides its pages from every listing.
    return False


# The restrictions the rule reads, and the tree each restricts.
RESTRICTED_TREES = ((PageViewRestriction, "page"), (CollectionViewRestriction, "collection"))


def _restrictions(request, restriction_model):
    """Every restriction of this model as (kind, path, depth, group ids). Those of pages and
    of collections are read together, in one query per request, shared with the `anyone()`
    stand-ins made from that request."""
    cache = request.__dict__.setdefault("_restrictions_cache", {})
    if restriction_model not in cache:
        queries = [
            model.objects.values_list(
                "pk", "restriction_type", f"{target}__path", f"{target}__depth", "groups"
            ).annotate(tree=Value(target))
            for model, target in RESTRICTED_TREES
        ]
        rows = {target: {} for _model, target in RESTRICTED_TREES}
        for pk, kind, path, depth, group, target in queries[0].union(*queries[1:], all=True):
            groups = rows[target].setdefault(pk, (kind, path, depth, set()))[3]
            if group is not None:
                groups.add(group)
        for model, target in RESTRICTED_TREES:
            cache[model] = list(rows[target].values())
    return cache[restriction_model]


def _hidden_nodes(request, restriction_model):
    """(path, depth) of every tree node (page or collection) whose restriction this request's
    user does not pass; what lies under such a node is hidden. Computed once per request."""
    cache = request.__dict__.setdefault("_hidden_nodes_cache", {})
    if restriction_model in cache:
        return cache[restriction_model]
    # A request refused before the authentication middleware ran (a forged Host header) has
    # no user: it sees what anyone sees.
    user = getattr(request, "user", None) or AnonymousUser()
    group_ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
    nodes = [
        (path, depth)
        for kind, path, depth, groups in _restrictions(request, restriction_model)
        if not _user_passes(kind, groups, user, group_ids)
    ]
    cache[restriction_model] = nodes
    return nodes


def _hidden_q(request, restriction_model, prefix):
    """A Q matching every object under a node hidden from this request's user; `prefix` is
    the lookup from the queried model to the tree ("" for pages, "collection__" for
    documents)."""
    hidden = Q(pk__in=[])
    for path, depth in _hidden_nodes(request, restriction_model):
        hidden |= Q(**{f"{prefix}path__startswith": path, f"{prefix}depth__gte": depth})
    return hidden


def hidden_pages_q(request):
    """A Q matching every page hidden from this request's user: under a restriction it does
    not pass, or an alias of such a page (Wagtail serves an alias under its source's
    restrictions, wherever the alias stands)."""
    return _hidden_q(request, PageViewRestriction, "") | _hidden_q(
        request, PageViewRestriction, "alias_of__"
    )


def is_page_visible(page, request):
    """Whether this request's user may see one page (live, and every restriction passed).

    The same rule as `visible_pages`, read on the page in hand: no query once the request's
    restrictions are known (one for an alias, to find where its source stands)."""
    if not page.live:
        return False
    hidden = _hidden_nodes(request, PageViewRestriction)
    nodes = [(page.path, page.depth)]
    if page.alias_of_id and hidden:
        nodes += Page.objects.filter(pk=page.alias_of_id).values_list("path", "depth")
    return not any(
        node_path.startswith(path) and node_depth >= depth
        for node_path, node_depth in nodes
        for path, depth in hidden
    )


def visible_pages(pages, request):
    """Narrow a page queryset to the live pages this request's user may see."""
    return pages.live().exclude(hidden_pages_q(request))


def hidden_collections_q(request):
    """A Q on documents matching those in a collection hidden from this request's user."""
    return _hidden_q(request, CollectionViewRestriction, "collection__")


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


def anyone(request=None):
    """A stand-in request for a visitor with no account: what is built for everyone whoever
    asks (calendars, feeds, the sitemap) is narrowed with it. A fresh one each time, so no
    cached rule outlives a change of restrictions; given the current request, it reuses the
    restrictions that request already read (they do not depend on the user)."""
    stand_in = _Anonymous()
    if request is not None:
        stand_in._restrictions_cache = request.__dict__.setdefault("_restrictions_cache", {})
    return stand_in


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


class ServedRestrictionsMixin:
    """For every page type of the site: the restrictions Wagtail checks before serving a page
    (its own and its ancestors', an alias's taken from its source) read in one query, where
    Wagtail's `Page.get_view_restrictions` reads the ancestors first, then their restrictions,
    then each alias's source. Same rule: an alias of an alias does not exist (Wagtail points
    a new alias at the original)."""

    def get_view_restrictions(self):
        paths = [self.path[:end] for end in range(Page.steplen, len(self.path) + 1, Page.steplen)]
        sources = (
            Page.objects.filter(path__in=paths)
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)
