from wagtail import hooks

from access.roles import ROLE_RIGHTS_HOOK, WORKFLOW_MODELS_HOOK, shared_content_rights
from sessions.models import Place


@hooks.register(ROLE_RIGHTS_HOOK)
def place_rights():
    """The sessions' places are shown on public pages (access.roles)."""
    return shared_content_rights(Place)


@hooks.register(WORKFLOW_MODELS_HOOK)
def place_workflow():
    """A place's edit is a draft until the editorial workflow publishes it."""
    return [Place]
