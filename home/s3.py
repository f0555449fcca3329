"""Images in an S3-compatible bucket (when AWS_STORAGE_BUCKET_NAME is set): private objects,
whose renditions are addressed through the site's own route (home.images), which checks the
privacy of their collection. Apart from home.images so that boto3 is imported only when a
bucket is configured."""

from storages.backends.s3 import S3Storage

from home.images import RENDITIONS_FOLDER, rendition_url


class ImageS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if name.startswith(RENDITIONS_FOLDER):
            return rendition_url(name)
        # Originals are never shown as they are: the admin shows them as renditions too.
        raise NotImplementedError("Les images originales n’ont pas d’adresse publique.")
