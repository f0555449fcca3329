from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from access.roles import ADMINISTRATORS_GROUP, ROLE_RIGHTS_HOOK, model_permissions
from home.models import FooterSettings


@hooks.register(ROLE_RIGHTS_HOOK)
def footer_rights():
    """The footer and its legal pages are the Administrateurs' (access.roles)."""
    return {ADMINISTRATORS_GROUP: model_permissions(FooterSettings, ["change"])}


@hooks.register("insert_global_admin_js")
def admin_french_js():
    """Wagtail's bundled date picker has an English button (home/static/home/admin_french.js)."""
    return format_html('<script src="{}" defer></script>', static("home/admin_french.js"))
