"""The open-data files: /donnees-ouvertes/<jeu>.csv and .json, and datapackage.json.

Built for anyone, whoever asks (the same bytes for every user): public content only. They
exist while the « Données ouvertes » page is public, which states their licence. Each answer
carries a strong `ETag` (a hash of its bytes) and the `Last-Modified` of its content
(capitalisation.OpenDataStamp), and answers 304 to a client that already holds it; caches
may keep it but must ask again (`no-cache`), so that a row made private since never outlives
its change in a shared cache.
"""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from access.visibility import anyone, is_page_visible
from capitalisation import opendata
from capitalisation.models import OpenDataPage
from editorial.typography import french

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def not_found(request, page, message):
    """A clear French answer to an address that names no file, with the list of those that
    exist."""
    context = {
        "message": french(message),
        "open_data_page": page,
        "datasets": opendata.DATASETS,
        "formats": opendata.FORMATS,
    }
    return TemplateResponse(
        request, "capitalisation/open_data_not_found.html", context, status=404
    ).render()


def open_data_file(request, name, format):
    page = OpenDataPage.objects.live().first()
    if page is None or not is_page_visible(page, anyone(request)):
        raise Http404("Page introuvable.")
    format = format.lower()
    if name == opendata.DESCRIPTOR and format == "json":
        file = opendata.Publication(page, request).descriptor_file()
    elif name not in opendata.BY_NAME:
        return not_found(request, page, f"Aucun jeu de données ne s’appelle « {name} ».")
    elif format not in opendata.FORMATS:
        return not_found(
            request,
            page,
            f"Le format « {format} » n’existe pas : les données sont publiées en CSV et en JSON.",
        )
    else:
        file = opendata.Publication(page, request).file(name, format)
    timestamp = int(file.modified.timestamp())
    response = get_conditional_response(request, etag=file.etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(file.body, content_type=CONTENT_TYPES[file.format])
        disposition = "attachment" if file.format == "csv" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{file.filename}"'
    response["ETag"] = file.etag
    response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, no-cache"
    # Open data: a script on another site may read it (no cookie is sent, none is needed).
    response["Access-Control-Allow-Origin"] = "*"
    return response
