"""Menus, breadcrumbs and footer, all through the site's visibility rule."""

from django import template
from django.template.loader import render_to_string

from wagtail.models import Page, Site

from access.visibility import PAGE_LINK_FIELDS, is_page_visible
from home.models import FooterSettings
from home.navigation import navigation_pages, site_root
from home.page_cache import shared_fragment
from people.models import partners

register = template.Library()


def _menu_position(root, current, on_route):
    """What the menu marks of the current page: nothing, the home page, or the section it is
    in (its ancestor among the root's children) and whether it is that section itself."""
    if current is None or root is None:
        return "ailleurs"
    if current.pk == root.pk:
        return "accueil"
    if current.depth <= root.depth or not current.path.startswith(root.path):
        return "ailleurs"
    section = current.path[: (root.depth + 1) * Page.steplen]
    exact = current.depth == root.depth + 1 and not on_route
    return f"{section}:{'page' if exact else 'section'}"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The same for every page of a section and every user of an audience: shared until
    content changes (home.page_cache.shared_fragment)."""
    request = context["request"]
    current = context.get("page")
    root = site_root(request)
    # On a route of the page (documents.document_page), the page is a section.
    on_route = bool(context.get("subpage_title"))
    name = f"menu:{root.pk if root else 0}:{_menu_position(root, current, on_route)}"
    return shared_fragment(
        request, name, lambda: _render_main_menu(request, root, current, on_route)
    )


def _render_main_menu(request, root, current, on_route):
    items = []
    if root is not None:
        children = [
            page
            for page in navigation_pages(request, root, current)
            if page.depth == root.depth + 1 and page.show_in_menus
        ]
        for page in children:
            is_current = current is not None and (
                current.pk == page.pk or current.path.startswith(page.path)
            )
            exact = current is not None and current.pk == page.pk and not on_route
            items.append({"page": page, "current": is_current, "exact": exact})
    context = {"request": request, "root": root, "items": items, "current": current}
    return render_to_string("navigation/main_menu.html", context)


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The trail to the current page. On a route of the page (a document of the library), the
    context's `subpage_title` names what the route shows: the page is then a link of the
    trail, and that title its end. The same for every user of an audience: shared until
    content changes (home.page_cache.shared_fragment), named by the page and the route's
    title."""
    request = context["request"]
    current = str(context.get("subpage_title", ""))
    page = context.get("page")
    name = f"fil:{page.pk if page is not None else 0}:{current}"
    return shared_fragment(
        request,
        name,
        lambda: render_to_string(
            "navigation/breadcrumbs.html", _breadcrumbs(request, page, current)
        ),
    )


def _breadcrumbs(request, page, current):
    root = site_root(request)
    ancestors = []
    if page is not None and root is not None and page.depth == root.depth + 1:
        # A child of the site's root: the root (read with the site) is the whole trail.
        ancestors = [root] if is_page_visible(root, request) else []
    elif page is not None and root is not None and page.depth > root.depth:
        # Read with the menu.
        ancestors = [
            ancestor
            for ancestor in navigation_pages(request, root, page)
            if ancestor.depth < page.depth and page.path.startswith(ancestor.path)
        ]
    if current and ancestors:
        ancestors = [*ancestors, page]
    return {"request": request, "ancestors": ancestors, "page": page, "current": current}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The same on every page for every user of an audience: shared until content changes
    (home.page_cache.shared_fragment)."""
    request = context["request"]
    site = Site.find_for_request(request)
    name = f"pied-de-page:{site.pk if site else 0}"
    return shared_fragment(request, name, lambda: _render_footer(request, site))


def _render_footer(request, site):
    legal_pages = []
    help_pages = []
    footer = None
    if site is not None:
        links = FooterSettings.LINKS
        footer = next(
            iter(
                FooterSettings.objects.filter(site=site)
                .select_related(*links)
                .only(
                    "accessibility_status",
                    *(f"{link}__{name}" for link in links for name in PAGE_LINK_FIELDS),
                )[:1]
            ),
            None,
        )
    if footer is not None:
        # RGAA asks every page to say the site's state: the statement's link says it.
        wanted = [
            (footer.legal_notice_page, None),
            (footer.accessibility_page, footer.accessibility_mention),
            (footer.privacy_page, None),
        ]
        legal_pages = [
            (p, label or p.title)
            for p, label in wanted
            if p is not None and is_page_visible(p, request)
        ]
        wanted = [footer.sitemap_page, footer.contact_page]
        help_pages = [p for p in wanted if p is not None and is_page_visible(p, request)]
    context = {
        "request": request,
        "partners": partners(request),
        "legal_pages": legal_pages,
        "help_pages": help_pages,
    }
    return render_to_string("navigation/footer.html", context)
