"""Image renditions (the resized copies that pages and the admin show), with the privacy of
their image's collection.

Wagtail's images follow no collection privacy: a rendition of an image in « Réservé aux
participants » was served to anyone who guessed its address, with a public cache header. Every
rendition now goes out through `image_rendition`, which asks the site's visibility rule about
the image's collection: an image hidden from this user answers as a missing one (404); one in
a restricted collection is served with a private cache header; a public one with a public
cache header, so that a proxy or a CDN in front of the site may keep it.

The bytes leave the way the storage allows: from the file system or the bucket through the
application, or, with MEDIA_X_ACCEL_REDIRECT set, by nginx from an internal location once the
application has said yes (docs/deploiement.md). On S3, renditions are private objects whose
address is this route (home.s3.ImageS3Storage), never the bucket's.
"""

import logging
import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from wagtail.images import get_image_model
from wagtail.images.models import get_rendition_storage

from access.visibility import anyone, is_collection_visible
from home import page_cache

logger = logging.getLogger(__name__)

RENDITIONS_FOLDER = "images/"
PUBLIC_CACHE_SECONDS = 60 * 60 * 24
PRIVATE_CACHE_SECONDS = 60 * 60


def _collection_of(name):
    """(path, depth) of the collection of the image this rendition file belongs to, or None."""
    renditions = get_image_model().get_rendition_model().objects
    return (
        renditions.filter(file=RENDITIONS_FOLDER + name)
        .values_list("image__collection__path", "image__collection__depth")
        .first()
    )


def image_rendition(request, name):
    """One rendition file, by its flat name (the URL pattern allows no slash and no leading
    dot: no path can climb out of the folder), for whoever may see its image."""
    # A public rendition, once known, is served without asking the database again until
    # anything that could change that draws a new generation of the page cache (images,
    # collections and their restrictions all do).
    public = page_cache.recall(f"rendition:{name}") is True
    if not public:
        collection = _collection_of(name)
        if collection is None or not is_collection_visible(*collection, request):
            raise Http404("Image introuvable.")
        public = is_collection_visible(*collection, anyone(request))
        if public:
            page_cache.remember(f"rendition:{name}", True)
    storage = get_rendition_storage()
    path = RENDITIONS_FOLDER + name
    try:
        if not storage.exists(path):
            raise Http404("Image introuvable.")
        modified = storage.get_modified_time(path)
    except Http404:
        raise
    except Exception:
        logger.exception("Stockage des images injoignable")
        return HttpResponse(status=503, headers={"Retry-After": "60"})
    timestamp = int(modified.timestamp())
    response = get_conditional_response(request, last_modified=timestamp)
    if response is None:
        response = _file_response(storage, path)
    response["Last-Modified"] = http_date(timestamp)
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    else:
        response["Cache-Control"] = f"private, max-age={PRIVATE_CACHE_SECONDS}"
        patch_vary_headers(response, ["Cookie"])
    # An SVG rendition is a document that could carry a script: it runs nothing here.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _file_response(storage, path):
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    prefix = settings.MEDIA_X_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + path
        return response
    try:
        return FileResponse(storage.open(path, "rb"), content_type=content_type)
    except FileNotFoundError:
        raise Http404("Image introuvable.") from None


def rendition_url(name):
    """The address of a rendition file: this site's route, whatever the storage."""
    return reverse("image_rendition", args=[name.removeprefix(RENDITIONS_FOLDER)])
