from django.http import Http404

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
def answer_hidden_pages_as_missing(page, request, serve_args, serve_kwargs):
    """A page this user may not see answers exactly as a missing page does (404), for
    everyone: a login redirect, or a 403, would confirm that a restricted page stands at a
    guessed address. The 404 page offers visitors without an account the login form, which
    brings a participant back here.

    Runs before Wagtail's own check, with the site's rule (people.visibility), which also
    follows an alias to its source's section."""
    if is_page_visible(page, request):
        return None
    raise Http404("Page introuvable.")
