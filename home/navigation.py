"""The site's navigation: the pages the menu and the breadcrumbs name, read once per request
through the site's visibility rule. The template tags (home.templatetags.navigation) and the
views show them."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page, Site

from access.request_memo import remembered
from access.shared import shared
from access.visibility import PAGE_LINK_FIELDS, visible_pages
from documents.models import LibraryPage


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def navigation_pages(request, root, current):
    """The visible pages that the menu and the breadcrumbs name, read in one query per
    request and shared by its audience: the root's children shown in menus and, for a page
    deeper than those, its ancestors from the root down. In the order of the tree."""
    cache = remembered(request, "home.navigation_pages", dict)
    key = (root.pk, current.pk if current is not None else None)
    if key not in cache:
        # The same for every user of an audience until the content changes (access.shared).
        cache[key] = shared(
            request,
            "home.navigation:{}:{}".format(*key),
            lambda: _read_navigation_pages(request, root, current),
        )
        # Lists of documents link to their pages under the library: found here, its address
        # costs them no query.
        LibraryPage.seen_in_menu(request, cache[key])
    return cache[key]


def _read_navigation_pages(request, root, current):
    wanted = Q(path__startswith=root.path, depth=root.depth + 1, show_in_menus=True)
    if (
        current is not None
        and current.depth > root.depth + 1
        and current.path.startswith(root.path)
    ):
        ends = range(len(root.path), len(current.path), Page.steplen)
        wanted |= Q(path__in=[current.path[:end] for end in ends])
    pages = Page.objects.filter(wanted).only(*PAGE_LINK_FIELDS, "show_in_menus", "content_type")
    return list(visible_pages(pages, request).order_by("path"))


def menu_section(request, model):
    """The first section of this page type that the site's menu names, if any: read with the
    menu (no query of its own when the menu is shown on the same request). Without a current
    page, the menu's pages are the root's children shown in menus, nothing else."""
    root = site_root(request)
    if root is None:
        return None
    content_type = ContentType.objects.get_for_model(model)
    pages = navigation_pages(request, root, None)
    return next((page for page in pages if page.content_type_id == content_type.pk), None)


def library(request):
    """The library this request's user may see: read with the menu when it is one of the
    menu's sections (no query of its own), otherwise as the documents app finds it."""
    return menu_section(request, LibraryPage) or LibraryPage.for_request(request)
