from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Ressources"

    def ready(self):
        from wagtail.documents.models import document_served

        from documents import signals
        from documents.views import count_download

        document_served.connect(count_download, dispatch_uid="documents.count_download")
        signals.connect()
