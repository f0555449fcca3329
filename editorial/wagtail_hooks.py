"""Admin: the site's shared themes (a snippet with drafts and the editorial workflow), and
the rich text's link handlers that keep restricted pages and documents out of public pages."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from access.roles import ROLE_RIGHTS_HOOK, WORKFLOW_MODELS_HOOK, shared_content_rights
from access.snippets import SharedContentViewSet
from editorial.models import Theme
from editorial.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


class ThemeViewSet(SharedContentViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)


@hooks.register(ROLE_RIGHTS_HOOK)
def theme_rights():
    """The themes are shown on public pages and in the library's facets (access.roles)."""
    return shared_content_rights(Theme)


@hooks.register(WORKFLOW_MODELS_HOOK)
def theme_workflow():
    """A theme's edit is a draft until the editorial workflow publishes it."""
    return [Theme]


# After Wagtail's own registration (order 0), so that these replace its handlers.
@hooks.register("register_rich_text_features", order=10)
def register_public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)
