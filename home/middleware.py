"""Request hygiene of the site: NUL characters refused, redirects that respect privacy, the
Content-Security-Policy of the public site and of the admin."""

from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from csp.middleware import CSPMiddleware

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
