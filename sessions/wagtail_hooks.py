from wagtail import hooks
from wagtail.snippets.models import register_snippet

from access.roles import ROLE_RIGHTS_HOOK, WORKFLOW_MODELS_HOOK, shared_content_rights
from access.snippets import SharedContentViewSet
from sessions.models import Place


class PlaceViewSet(SharedContentViewSet):
    model = Place
    icon = "site"
    menu_label = "Lieux"
    list_display = ["name", "locality"]
    search_fields = ["name", "locality"]


register_snippet(PlaceViewSet)


@hooks.register(ROLE_RIGHTS_HOOK)
def place_rights():
    """The sessions' places are shown on public pages (access.roles)."""
    return shared_content_rights(Place)


@hooks.register(WORKFLOW_MODELS_HOOK)
def place_workflow():
    """A place's edit is a draft until the editorial workflow publishes it."""
    return [Place]
