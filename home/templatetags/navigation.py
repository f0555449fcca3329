"""Menus, breadcrumbs and footer, all through the site's visibility rule."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Page, Site

from home.models import FooterSettings
from people.models import partners
from people.visibility import PAGE_LINK_FIELDS, is_page_visible, visible_pages

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def _navigation_pages(request, root, current):
    """The visible pages that the menu and the breadcrumbs name, read in one query per
    request: the root's children shown in menus and, for a page deeper than those, its
    ancestors from the root down. In the order of the tree."""
    cache = request.__dict__.setdefault("_navigation_pages", {})
    key = (root.pk, current.pk if current is not None else None)
    if key not in cache:
        wanted = Q(path__startswith=root.path, depth=root.depth + 1, show_in_menus=True)
        if (
            current is not None
            and current.depth > root.depth + 1
            and current.path.startswith(root.path)
        ):
            ends = range(len(root.path), len(current.path), Page.steplen)
            wanted |= Q(path__in=[current.path[:end] for end in ends])
        pages = Page.objects.filter(wanted).only(*PAGE_LINK_FIELDS, "show_in_menus", "content_type")
        cache[key] = list(visible_pages(pages, request).order_by("path"))
    return cache[key]


def menu_section(request, model):
    """The first section of this page type that the site's menu names, if any: read with the
    menu (no query of its own when the menu is shown on the same request). Without a current
    page, the menu's pages are the root's children shown in menus, nothing else."""
    root = _site_root(request)
    if root is None:
        return None
    content_type = ContentType.objects.get_for_model(model)
    pages = _navigation_pages(request, root, None)
    return next((page for page in pages if page.content_type_id == content_type.pk), None)


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    current = context.get("page")
    root = _site_root(request)
    items = []
    if root is not None:
        children = [
            page
            for page in _navigation_pages(request, root, current)
            if page.depth == root.depth + 1 and page.show_in_menus
        ]
        for page in children:
            is_current = current is not None and (
                current.pk == page.pk or current.path.startswith(page.path)
            )
            items.append(
                {"page": page, "current": is_current, "exact": current and current.pk == page.pk}
            )
    return {"request": request, "root": root, "items": items, "current": current}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context["request"]
    page = context.get("page")
    root = _site_root(request)
    ancestors = []
    if page is not None and root is not None and page.depth == root.depth + 1:
        # A child of the site's root: the root (read with the site) is the whole trail.
        ancestors = [root] if is_page_visible(root, request) else []
    elif page is not None and root is not None and page.depth > root.depth:
        # Read with the menu.
        ancestors = [
            ancestor
            for ancestor in _navigation_pages(request, root, page)
            if ancestor.depth < page.depth and page.path.startswith(ancestor.path)
        ]
    return {"request": request, "ancestors": ancestors, "page": page}


@register.inclusion_tag("navigation/footer.html", takes_context=True)
def site_footer(context):
    request = context["request"]
    site = Site.find_for_request(request)
    legal_pages = []
    footer = None
    if site is not None:
        links = ("legal_notice_page", "accessibility_page", "privacy_page")
        footer = next(
            iter(
                FooterSettings.objects.filter(site=site)
                .select_related(*links)
                .only(*(f"{link}__{name}" for link in links for name in PAGE_LINK_FIELDS))[:1]
            ),
            None,
        )
    if footer is not None:
        wanted = [footer.legal_notice_page, footer.accessibility_page, footer.privacy_page]
        legal_pages = [p for p in wanted if p is not None and is_page_visible(p, request)]
    return {"request": request, "partners": partners(request), "legal_pages": legal_pages}
