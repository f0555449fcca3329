"""Private storage for documents, outside the public media root.

On one machine, PRIVATE_MEDIA_ROOT, a folder no web route serves. Past one machine
(AWS_STORAGE_BUCKET_NAME set), an S3-compatible bucket, under `documents/`, every object
private (no public-read, no public address). Either way a document's bytes leave only
through the permission-checked views of documents.views.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        # There is no public URL for a private file: links go through Document.url.
        raise NotImplementedError("Les documents n’ont pas d’adresse publique directe.")


def _private_s3_storage():
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        def url(self, name, parameters=None, expire=None, http_method=None):
            raise NotImplementedError("Les documents n’ont pas d’adresse publique directe.")

    return PrivateS3Storage(
        location="documents",
        default_acl="private",
        querystring_auth=True,
        file_overwrite=False,
        custom_domain=None,
    )


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        if getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
            self._wrapped = _private_s3_storage()
        else:
            self._wrapped = PrivateFileSystemStorage()


private_storage = _LazyPrivateStorage()


def reset_private_storage():
    """Choose the storage again from the settings (tests that switch to S3)."""
    private_storage._wrapped = empty


def get_private_storage():
    """Callable storage: keeps the location out of migrations and follows test settings."""
    return private_storage
