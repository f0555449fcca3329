"""Private storage for documents, outside the public media root.

On one machine, PRIVATE_MEDIA_ROOT, a folder no web route serves. Past one machine
(AWS_STORAGE_BUCKET_NAME set), an S3-compatible bucket, under `documents/`, every object
private (no public-read, no public address). Either way a document's bytes leave only
through the permission-checked views of documents.views.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)


class PrivateFileSystemStorage(FileSystemStorage):
    """Files and folders that the site's own account alone may read: not the web server, not
    another account of the machine."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def _save(self, name, content):
        # The root itself first: Django gives the mode only to the folders it creates below
        # it, and a root made by hand, or by an older version of the site, may be open.
        root = Path(self.location)
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if root.stat().st_mode & 0o077:
            try:
                root.chmod(0o700)
            except OSError:
                logger.warning("PRIVATE_MEDIA_ROOT (%s) est lisible par d’autres comptes.", root)
        return super()._save(name, content)

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
