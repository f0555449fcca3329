"""Request hygiene of the site: NUL characters refused, redirects that respect privacy, the
Content-Security-Policy of the public site and of the admin; and the pages' routes, kept
until the content changes."""

from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

from wagtail import views as wagtail_views
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from csp.middleware import CSPMiddleware

from access.generation import EVERYONE, kept, seconds
from access.visibility import visible_pages


class RejectNulMiddleware:
    """PostgreSQL cannot store or compare a NUL character, and no page, slug or search of the
    site contains one: such a request is a 400, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or any("\x00" in value for values in request.GET.lists() for value in values[1])
            or any("\x00" in key for key in request.GET)
        ):
            return HttpResponseBadRequest(
                render_to_string("400.html", request=request), content_type="text/html"
            )
        return self.get_response(request)


class VisibleRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, except towards a page this user may not see.

    Wagtail creates a redirect when a page moves or changes slug; following it to a restricted
    page would put that page's address in a Location header: such a request stays a 404.
    """

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
        if redirect is not None and redirect.redirect_page_id:
            target = Page.objects.filter(pk=redirect.redirect_page_id)
            if not visible_pages(target, request).exists():
                return response
        return redirected


def _shown_in_admin(request):
    """The admin's pages, and the previews it shows in its frame: Wagtail renders a preview
    through a request of its own to the page's public address (make_preview_request), which
    crosses this middleware with that address and `is_preview` set."""
    return request.path_info.startswith("/admin/") or getattr(request, "is_preview", False)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the relaxed policy of settings.ADMIN_CONTENT_SECURITY_POLICY
    for the admin and its previews: Wagtail's admin runs inline scripts and styles, and frames
    its previews (the public site's `frame-ancestors 'none'` left the preview panel blank, and
    the content checks counted nothing); the public site runs none."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _shown_in_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            # Framed by the admin's preview panel, on the same site.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)


class KeptRouteMiddleware:
    """Which site answers a request, and which page answers an address, read once per
    content generation instead of four queries per page (the site, its home page, the page by
    its path, the page's own type: HomePage.route) and one per other view.

    Only what is the same for everyone: the site of a host, and the live page found at an
    address, kept for every request until the content changes (access.generation:
    publishing, moving or deleting a page, or editing a site, draws a new generation). Who may
    see the page is still decided for each request, by the hooks Wagtail runs before serving
    it (access.wagtail_hooks). An address no page has is not kept, nor a page's sub-route, so
    that made-up addresses fill nothing. Wagtail reads both from the request
    (`Site.find_for_request`, `Page.route_for_request` say so), where they are left."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        page_view = view_func is wagtail_views.serve
        if not (page_view or seconds()):
            return None  # nothing is kept: each view reads the site if it needs it
        host = f"{request.get_host()}:{request.get_port()}"
        site = kept(
            request,
            EVERYONE,
            f"home.site:{host}",
            lambda: Site.find_for_request(request),
            keep=bool,
        )
        if site:
            request._wagtail_site = site
        if page_view:
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            name = f"home.route:{host}:{path}"
            route = kept(request, EVERYONE, name, lambda: _route(request, path), keep=bool)
            if route:
                request._wagtail_route_for_request = route
        return None


def _route(request, path):
    """The route of a page found at this address; None for an address no page has, or a
    page's own sub-route (its arguments may be anything a visitor types)."""
    route = Page.route_for_request(request, path)
    if route is None or route.args or route.kwargs:
        return None
    return route
