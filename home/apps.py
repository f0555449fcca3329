from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Accueil et pages du site"

    def ready(self):
        from home.page_cache import connect_signals

        connect_signals()
