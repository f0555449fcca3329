from django.urls import reverse

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from axes.models import AccessAttempt

from access.roles import (
    ADMINISTRATORS_GROUP,
    ROLE_RIGHTS_HOOK,
    WORKFLOW_MODELS_HOOK,
    model_permissions,
    shared_content_rights,
)
from access.snippets import SharedContentViewSet
from people import two_factor
from people.models import Organisation, Person, User


class OrganisationViewSet(SharedContentViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["short_name", "name", "kind", "is_partner"]
    list_filter = ["kind", "is_partner"]
    search_fields = ["short_name", "name"]


class PersonViewSet(SharedContentViewSet):
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


class LockPermissionPolicy(ModelPermissionPolicy):
    """Failed logins are looked at and lifted (deleted), never written by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)


register_permission_policy(AccessAttempt, LockPermissionPolicy(AccessAttempt), exact_class=True)


class FailedLoginViewSet(ModelViewSet):
    """Réglages › Connexions bloquées: the failed logins django-axes counts, one row for an
    account tried from an address; deleting a row lifts its lock. The Administrateurs have it
    (access.roles)."""

    model = AccessAttempt
    icon = "lock-open"
    menu_label = "Connexions bloquées"
    name = "connexions-bloquees"
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    copy_view_enabled = False
    exclude_form_fields = []  # no form is ever shown: see LockPermissionPolicy


@hooks.register("register_admin_viewset")
def register_failed_logins():
    return FailedLoginViewSet()


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor.urls()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor"),
        "label": "Double authentification",
        "help_text": "Un code de votre téléphone en plus du mot de passe, et vos codes de secours.",
    }


@hooks.register(ROLE_RIGHTS_HOOK)
def people_rights():
    """Organisations and people are shown on public pages; the accounts are the
    Administrateurs' (access.roles)."""
    rights = shared_content_rights(Organisation, Person)
    rights[ADMINISTRATORS_GROUP] += model_permissions(User, ["add", "change", "delete", "view"])
    return rights


@hooks.register(WORKFLOW_MODELS_HOOK)
def people_workflow():
    """An organisation's or a person's edit is a draft until the editorial workflow publishes
    it: renaming ARADEL must not change the home page at once."""
    return [Organisation, Person]
