from wagtail import hooks

from access.roles import ADMINISTRATORS_GROUP, ROLE_RIGHTS_HOOK, model_permissions
from home.models import FooterSettings


@hooks.register(ROLE_RIGHTS_HOOK)
def footer_rights():
    """The footer and its legal pages are the Administrateurs' (access.roles)."""
    return {ADMINISTRATORS_GROUP: model_permissions(FooterSettings, ["change"])}
