"""Private storage for documents, outside the public media root.

No web route serves PRIVATE_MEDIA_ROOT: a document's bytes leave the server only through
Wagtail's serve view, which checks the collection's view restrictions first.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        # There is no public URL for a private file: links go through Document.url.
        raise NotImplementedError("Les documents n’ont pas d’adresse publique directe.")


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage()


private_storage = _LazyPrivateStorage()


def get_private_storage():
    """Callable storage: keeps the location out of migrations and follows test settings."""
    return private_storage
