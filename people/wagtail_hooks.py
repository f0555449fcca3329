from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Organisation, Person


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
