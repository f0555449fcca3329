from django.template.response import TemplateResponse

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Organisation, Person
from people.visibility import is_page_visible


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["short_name", "name", "kind", "is_partner"]
    list_filter = ["kind", "is_partner"]
    search_fields = ["short_name", "name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "Personnes"
    list_display = ["full_name", "role", "organisation"]
    list_filter = ["role", "organisation"]
    search_fields = ["first_name", "last_name"]


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = "Personnes et organisations"
    menu_name = "people"


register_snippet(PeopleViewSetGroup)


@hooks.register("before_serve_page", order=-1)
def explain_restricted_page_to_logged_in_users(page, request, serve_args, serve_kwargs):
    """A logged-in user who may not see a page reads why, instead of looping to the login form.

    Runs before Wagtail's own check (which sends everyone to the login page). The answer names
    nothing of the page: not its title, not its section.
    """
    if not request.user.is_authenticated:
        return None
    if is_page_visible(page, request):
        return None
    return TemplateResponse(request, "accounts/restricted.html", status=403)
