from wagtail import hooks

from access.roles import ROLE_RIGHTS_HOOK, shared_content_rights
from sessions.models import Place


@hooks.register(ROLE_RIGHTS_HOOK)
def place_rights():
    """The sessions' places are shown on public pages (access.roles)."""
    return shared_content_rights(Place)
