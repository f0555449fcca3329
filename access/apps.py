from django.apps import AppConfig


class AccessConfig(AppConfig):
    """Who may see and do what: the visibility rule of restricted pages and collections, the
    staff's roles and the editorial workflow. The ground floor: it imports no other app of the
    project; the apps above declare their own models' rights to it (access.roles)."""

    name = "access"
    verbose_name = "Accès et rôles"
