from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Ressources"

    def ready(self):
        from django.db.backends.signals import connection_created

        from wagtail.permissions import register_permission_policy

        from documents import signals
        from documents.library import register_sqlite_functions
        from documents.models import Resource
        from documents.release import documents_policy

        signals.connect()
        connection_created.connect(register_sqlite_functions)
        # Before any of Wagtail's views asks: who may file documents where (documents.release).
        register_permission_policy(Resource, documents_policy(), exact_class=True)
