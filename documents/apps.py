from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Ressources"

    def ready(self):
        from documents import signals

        signals.connect()
