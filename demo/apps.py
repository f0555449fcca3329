from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration and measurement data: the top floor, which no other app imports."""

    name = "demo"
    verbose_name = "Démonstration et bancs d’essai"
