"""The one visibility rule of the site: what this request's user may see.

Every listing, menu, search, feed and calendar asks this module, never `.live()` alone:
Wagtail's view restrictions apply to a page and all its descendants, and `Page.objects.live()`
ignores them.
"""

from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import CharField, F, IntegerField, Q, Value, prefetch_related_objects
from django.db.models.expressions import RawSQL

from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from access.generation import EVERYONE, kept
from access.request_memo import remembered, request_memo
from access.roles import PARTICIPANTS_GROUP, STAFF_GROUPS

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
ALIASES = "alias"

# What the rule keeps for the length of a request (access.request_memo).
RESTRICTIONS_KEY = "access.restrictions"  # the same for every user: shared with `anyone()`
HIDDEN_NODES_KEY = "access.hidden_nodes"
HIDDEN_COLLECTIONS_KEY = "access.hidden_collections"
USER_GROUPS_KEY = "access.user_groups"


def _user(request):
    # A request refused before the authentication middleware ran (a forged Host header) has
    # no user: it sees what anyone sees.
    return getattr(request, "user", None) or AnonymousUser()


def _user_groups(request):
    """{id: name} of this request's user's groups: one query per request, none for a visitor
    with no account."""
    user = _user(request)
    if not user.is_authenticated:
        return {}
    return remembered(request, USER_GROUPS_KEY, lambda: _read_groups(user))


def _read_groups(user):
    # Read as the user's prefetched groups, so that what else asks for `user.groups.all()` in
    # this request does not read them again: Wagtail's check of a page restricted to groups
    # (PageViewRestriction.accept_request). Adding or removing a group empties the prefetch.
    prefetch_related_objects([user], "groups")
    return {group.pk: group.name for group in user.groups.all()}


def is_staff_member(request):
    """Whether this request's user is of the staff who write and review the site (editors,
    reviewers, publishers, administrators, superusers): they see the documents waiting for
    their release (documents.release); no one else does."""
    user = _user(request)
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(STAFF_GROUPS & set(_user_groups(request).values()))


def audience(request):
    """What the rule reads of this request's user, as a short key: two requests with the same
    key see the same pages and the same documents' collections: anonymous visitors, or an
    account's groups and whether it is a superuser (a « logged-in users » restriction sets
    every account apart from visitors, even without a group). Shared fragments
    (home.page_cache.shared_fragment) are stored per audience. Nothing in it names the user."""
    user = _user(request)
    if not user.is_authenticated:
        return "anonymous"
    kind = "superuser" if user.is_superuser else "account"
    return "-".join([kind, *map(str, sorted(_user_groups(request)))])


def is_participant(request):
    """Whether this request's user is an active member of the « Participants » group (the
    participants' deposits: documents.deposits), read with the user's groups once per
    request."""
    user = _user(request)
    return bool(
        user.is_authenticated
        and user.is_active
        and PARTICIPANTS_GROUP in set(_user_groups(request).values())
    )


class Restriction(NamedTuple):
    """A view restriction as the rule reads it: of a page or a collection."""

    kind: str
    path: str
    depth: int
    groups: frozenset
    pk: int


def _read_tree_rows():
    """Every restriction of pages and of collections, and every alias as (path, depth, its
    source's path): {tree: [...]}, in one query."""
    no_source = Value(None, output_field=CharField())
    queries = [
        model.objects.annotate(tree=Value(target), source=no_source).values_list(
            "pk",
            "restriction_type",
            f"{target}__path",
            f"{target}__depth",
            "groups",
            "tree",
            "source",
        )
        for model, target in RESTRICTED_TREES
    ]
    queries.append(
        Page.objects.filter(alias_of__isnull=False)
        .order_by()
        .annotate(
            kind=Value(""),
            group=Value(None, output_field=IntegerField()),
            tree=Value(ALIASES),
            source=F("alias_of__path"),
        )
        .values_list("pk", "kind", "path", "depth", "group", "tree", "source")
    )
    restrictions = {target: {} for _model, target in RESTRICTED_TREES}
    aliases = []
    for pk, kind, path, depth, group, target, source in queries[0].union(*queries[1:], all=True):
        if target == ALIASES:
            aliases.append((path, depth, source))
            continue
        groups = restrictions[target].setdefault(pk, (kind, path, depth, set()))[3]
        if group is not None:
            groups.add(group)
    rows = {
        target: [
            Restriction(kind, path, depth, frozenset(groups), pk)
            for pk, (kind, path, depth, groups) in found.items()
        ]
        for target, found in restrictions.items()
    }
    rows[ALIASES] = aliases
    return rows


def _tree_rows(request):
    """What the rule reads: every restriction of pages and of collections (`Restriction`),
    and every alias as (path, depth, its source's path). The same for every user: read in
    one query, kept for every request until the content changes (access.generation: a
    change of restrictions, groups, pages or collections draws a new generation), and
    remembered for the request (shared with the `anyone()` stand-ins made from it)."""
    cache = remembered(request, RESTRICTIONS_KEY, dict)
    if ALIASES not in cache:
        rows = kept(request, EVERYONE, "access.visibility:restrictions", _read_tree_rows)
        for model, target in RESTRICTED_TREES:
            cache[model] = rows[target]
        cache[ALIASES] = rows[ALIASES]
    return cache


def _restrictions(request, restriction_model):
    """Every restriction of this model as (kind, path, depth, group ids)."""
    return _tree_rows(request)[restriction_model]


def _under(path, depth, nodes):
    return any(path.startswith(node) and depth >= node_depth for node, node_depth in nodes)


def _hidden_nodes(request, restriction_model):
    """(path, depth) of every tree node (page or collection) whose restriction this request's
    user does not pass; what lies under such a node is hidden. Computed once per request.

    For pages, an alias whose source lies under a hidden node is itself such a node, and so
    hides what lies under it: Wagtail serves an alias, and every page below it, under its
    source's restrictions. The source itself may stand under another alias: the rule is
    applied until nothing changes."""
    cache = remembered(request, HIDDEN_NODES_KEY, dict)
    if restriction_model in cache:
        return cache[restriction_model]
    user = _user(request)
    group_ids = set(_user_groups(request))
    nodes = [
        (path, depth)
        for kind, path, depth, groups, _pk in _restrictions(request, restriction_model)
        if not _user_passes(kind, groups, user, group_ids)
    ]
    if restriction_model is PageViewRestriction and nodes:
        aliases = _tree_rows(request)[ALIASES]
        while True:
            newly_hidden = [
                (path, depth)
                for path, depth, source in aliases
                if not _under(path, depth, nodes)
                and _under(source, len(source) // Page.steplen, nodes)
            ]
            if not newly_hidden:
                break
            nodes += newly_hidden
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
    not pass, or an alias of such a page, or under such an alias (`_hidden_nodes`)."""
    return _hidden_q(request, PageViewRestriction, "")


def is_page_visible(page, request):
    """Whether this request's user may see one page (live, and every restriction passed).

    The same rule as `visible_pages`, read on the page in hand: no query once the request's
    restrictions are known."""
    return page.live and not _under(
        page.path, page.depth, _hidden_nodes(request, PageViewRestriction)
    )


def visible_pages(pages, request):
    """Narrow a page queryset to the live pages this request's user may see."""
    return pages.live().exclude(hidden_pages_q(request))


def hidden_collections_q(request):
    """A Q on documents matching those in a collection hidden from this request's user."""
    return _hidden_q(request, CollectionViewRestriction, "collection__")


def visible_documents(documents, request):
    """Narrow a document queryset to those this request's user may download: in a collection
    they may see and, outside the staff, released by a publisher (documents.release)."""
    documents = documents.exclude(hidden_collections_q(request))
    if not is_staff_member(request):
        documents = documents.filter(released_at__isnull=False)
    return documents


def is_collection_visible(path, depth, request):
    """Whether this request's user may see what a collection holds (no query once the
    request's restrictions are known)."""
    return not _under(path, depth, _hidden_nodes(request, CollectionViewRestriction))


def group_restricted_collections():
    """The collections whose documents only members of named groups may see: under a
    restriction to groups (the participants' collection…). Not the public ones, not Root, not
    those merely restricted to logged-in users (anyone may make an account): the collections
    an editor may file documents in (documents.release)."""
    restricted = Q(pk__in=[])
    for path, depth in CollectionViewRestriction.objects.filter(
        restriction_type=BaseViewRestriction.GROUPS
    ).values_list("collection__path", "collection__depth"):
        restricted |= Q(path__startswith=path, depth__gte=depth)
    return Collection.objects.filter(restricted)


def _hidden_collection_ids(request):
    """The ids of the collections hidden from this request's user: one query per request, and
    none when nothing is hidden from them."""
    hidden = _hidden_nodes(request, CollectionViewRestriction)
    if not hidden:
        return frozenset()
    return frozenset(
        Collection.objects.filter(_hidden_q(request, CollectionViewRestriction, "")).values_list(
            "pk", flat=True
        )
    )


def is_document_visible(document, request):
    """Whether this request's user may see (and so be shown a link to) one document: read on
    the document in hand, as `is_page_visible` reads a page, with no query per document."""
    if request is None:
        return False
    if document.released_at is None and not is_staff_member(request):
        return False
    return document.collection_id not in remembered(
        request, HIDDEN_COLLECTIONS_KEY, lambda: _hidden_collection_ids(request)
    )


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
        request_memo(stand_in)[RESTRICTIONS_KEY] = remembered(request, RESTRICTIONS_KEY, dict)
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


def _served_restrictions_sql():
    """The ids of the restrictions over a page (its path is the parameter): those of the page
    and its ancestors, and, for every alias among them, those of the alias's source and of the
    source's ancestors, and so on while sources stand under aliases (a recursive query;
    UNION stops on a loop)."""
    page = connection.ops.quote_name(Page._meta.db_table)
    restriction = connection.ops.quote_name(PageViewRestriction._meta.db_table)
    return f"""
        WITH RECURSIVE governing(path) AS (
            SELECT path FROM {page} WHERE path = %s
          UNION
            SELECT source.path FROM {page} alias
            JOIN {page} source ON source.id = alias.alias_of_id
            JOIN governing ON substr(governing.path, 1, length(alias.path)) = alias.path
        )
        SELECT restriction.id FROM {restriction} restriction
        JOIN {page} restricted ON restricted.id = restriction.page_id
        JOIN governing ON substr(governing.path, 1, length(restricted.path)) = restricted.path
    """


def governing_restriction_ids(path, request):
    """The ids of the restrictions over the page at `path`, as `_served_restrictions_sql`
    finds them, read from this request's restrictions (`_tree_rows`: no query)."""
    rows = _tree_rows(request)
    governing = {path}
    while True:
        sources = {
            source
            for alias_path, _depth, source in rows[ALIASES]
            if any(known.startswith(alias_path) for known in governing)
        } - governing
        if not sources:
            break
        governing |= sources
    return frozenset(
        restriction.pk
        for restriction in rows[PageViewRestriction]
        if any(known.startswith(restriction.path) for known in governing)
    )


# Where a page being served keeps the restrictions over it (`read_served_restrictions`).
SERVED_RESTRICTIONS = "_served_restriction_ids"


def read_served_restrictions(page, request):
    """Let `page.get_view_restrictions()` answer from this request's restrictions (the rule's,
    kept until the content changes) instead of a query of its own: for the page Wagtail is
    about to serve, whose restrictions it checks once more (access.wagtail_hooks)."""
    setattr(page, SERVED_RESTRICTIONS, governing_restriction_ids(page.path, request))


class ServedRestrictionsMixin:
    """For every page type of the site: the restrictions Wagtail checks before serving a page,
    read in one query (none for the page being served: `read_served_restrictions`), and
    fuller than Wagtail's own `Page.get_view_restrictions`: Wagtail takes an alias's
    restrictions from its source page but forgets the source's ancestors, so an alias in a
    public section of a page of the participants' area was public. Here an alias is exactly
    as private as its source (the site's rule, `_hidden_nodes`)."""

    def get_view_restrictions(self):
        known = getattr(self, SERVED_RESTRICTIONS, None)
        if known is not None:
            if not known:
                return PageViewRestriction.objects.none()
            return PageViewRestriction.objects.filter(pk__in=known)
        return PageViewRestriction.objects.filter(
            pk__in=RawSQL(_served_restrictions_sql(), [self.path])
        )
