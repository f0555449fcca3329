from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from access.roles import ADMINISTRATORS_GROUP, ROLE_RIGHTS_HOOK, model_permissions
from home.digest import participants_area
from home.links_report import LinksReportView
from home.models import FooterSettings
from people.notifications import AREA_URL_HOOK


@hooks.register(ROLE_RIGHTS_HOOK)
def footer_rights():
    """The footer and its legal pages are the Administrateurs' (access.roles)."""
    return {ADMINISTRATORS_GROUP: model_permissions(FooterSettings, ["change"])}


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    """The editors' guide, in French, written with the site (home/templates/admin/guide.html)."""

    page_title = "Guide de rédaction"
    header_icon = "help"
    template_name = "admin/guide.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("guide/", GuideView.as_view(), name="editors_guide")]


@hooks.register("register_help_menu_item")
def guide_menu_item():
    return MenuItem("Guide de rédaction", reverse("editors_guide"), icon_name="help", order=900)


@hooks.register("construct_help_menu")
def only_the_sites_own_guide(request, menu_items):
    """« Aide » opened Wagtail's English guide and release notes on wagtail.org: these editors
    get their own guide instead (the keyboard shortcuts stay)."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("register_admin_urls")
def register_links_report_url():
    return [path("rapports/liens-a-verifier/", LinksReportView.as_view(), name="links_report")]


@hooks.register("register_reports_menu_item")
def links_report_menu_item():
    return MenuItem("Liens à vérifier", reverse("links_report"), icon_name="link", order=710)


@hooks.register("insert_global_admin_js")
def admin_french_js():
    """Wagtail's bundled date picker has an English button (home/static/home/admin_french.js)."""
    return format_html('<script src="{}" defer></script>', static("home/admin_french.js"))


@hooks.register(AREA_URL_HOOK)
def participants_area_url():
    """The area's full address, for the e-mails of the deposits' and the proposals'
    decisions (people.notifications.area_url): those apps may not import this one."""
    area = participants_area()  # the same area the e-mail news link to
    return area.get_full_url() if area is not None else ""
