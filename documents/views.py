"""Downloads, previews and session archives, each behind Wagtail's own privacy check."""

import logging
import zipfile

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import etag

from wagtail import hooks
from wagtail.documents.models import document_served

from crawlerdetect import CrawlerDetect

from access.visibility import visible_documents, visible_pages
from documents.library import LibrarySearch
from documents.models import LibraryPage, Resource
from sessions.models import SessionPage

CHUNK = 64 * 1024
logger = logging.getLogger(__name__)


def _refusal(request):
    """What a hidden document and a missing one both get: anonymous visitors are sent to log
    in, logged-in users who may not see it get a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404("Document introuvable.")


def _visible_document_or_refusal(request, public_id):
    """The document if this user may see it; otherwise the same answer whether it exists or
    not (`_refusal`): a hidden document and a missing one must look alike."""
    document = visible_documents(Resource.objects.filter(public_id=public_id), request).first()
    if document is None:
        return None, _refusal(request)
    # Wagtail's own hooks still run (its collection check agrees with ours).
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return None, result
    return document, None


def _storage_unavailable(request):
    """The bucket (or disk) cannot be read just now: say so, in the site's look."""
    logger.exception("Stockage des documents injoignable")
    response = TemplateResponse(request, "documents/unavailable.html", status=503)
    response["Retry-After"] = "60"
    return response


def _open_or_refuse(request, field):
    """Open a stored file: (handle, None), or (None, the answer to give)."""
    try:
        # One cheap question first: a missing file and an unreachable storage differ.
        handle = field.open("rb") if field.storage.exists(field.name) else None
    except FileNotFoundError:
        handle = None
    except Exception:
        return None, _storage_unavailable(request)
    if handle is None:
        raise Http404("Le fichier de ce document est introuvable.")
    return handle, None


def _protect(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def legacy_address(request, pk, view):
    """A numbered address of the time before public identifiers: to the document's address
    for whoever may see it; for everyone else, the answer a missing document gets."""
    document = (
        visible_documents(Resource.objects.filter(pk=pk, has_legacy_address=True), request)
        .only("public_id")
        .first()
    )
    if document is None:
        return _refusal(request)
    return redirect(f"documents:{view}", document.public_id, permanent=True)


def download(request, public_id):
    """The stable address of a document: the same URL after its file is replaced."""
    document, refusal = _visible_document_or_refusal(request, public_id)
    if refusal is not None:
        return refusal

    @etag(lambda request: document.file_hash or None)
    def respond(request):
        handle, failure = _open_or_refuse(request, document.file)
        if failure is not None:
            return failure
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.download_filename,
            content_type=document.content_type,
        )
        response.block_size = CHUNK
        if _is_a_persons_download(request):
            response.streaming_content = _served_to_the_end(
                response.streaming_content, document, request
            )
        response["Cache-Control"] = "private, no-cache"
        return _protect(response)

    return respond(request)


def preview(request, public_id):
    """The first-page thumbnail, with exactly the privacy of its document."""
    document, refusal = _visible_document_or_refusal(request, public_id)
    if refusal is not None:
        return refusal
    if not document.preview:
        raise Http404("Ce document n’a pas d’aperçu.")
    handle, failure = _open_or_refuse(request, document.preview)
    if failure is not None:
        return failure
    response = FileResponse(handle, content_type="image/webp")
    response["Cache-Control"] = "private, max-age=3600"
    return _protect(response)


CRAWLERS = CrawlerDetect()


def _is_a_persons_download(request):
    """What the downloads report counts: a whole file asked for by a person's browser. Not a
    HEAD request (no file goes out), not a request for a part of the file (Range: a resumed
    or probing client), not a robot (crawlerdetect's list of crawlers, tools and headless
    browsers, or no User-Agent at all)."""
    agent = request.headers.get("User-Agent", "").strip()
    return (
        request.method == "GET"
        and "Range" not in request.headers
        and bool(agent)
        and not CRAWLERS.is_crawler(agent)
    )


def _served_to_the_end(chunks, document, request):
    """The file's chunks; once the last one has been handed to the server, the document
    counts as served (Wagtail's document_served, which documents.signals counts). A client
    that goes away before the end stops the iteration, and nothing is counted."""
    yield from chunks
    document_served.send(sender=Resource, instance=document, request=request)


class _Pipe:
    """An unseekable file for zipfile: what it writes is handed out in chunks."""

    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def drain(self):
        chunks, self.chunks = self.chunks, []
        return b"".join(chunks)


ARCHIVE_NOTE = "LISEZ-MOI.txt"


def _archive_note(elsewhere, missing, cut, not_joined):
    lines = [
        "Certains documents n’ont pas pu être joints à cette archive.",
        "",
        *(f"- {document.title} : fichier introuvable" for document in missing),
        *(
            f"- {document.title} : incomplet dans l’archive, le stockage des documents a "
            "cessé de répondre pendant sa lecture"
            for document in cut
        ),
        *(
            f"- {document.title} : stockage des documents injoignable pendant la création "
            "de l’archive"
            for document in not_joined
        ),
        "",
        f"Téléchargez-les un par un depuis {elsewhere}",
        "ou réessayez dans quelques minutes. Si le problème persiste, signalez-le aux "
        "éditeurs du site.",
        "",
    ]
    return "\n".join(lines)


def _zip_stream(documents, elsewhere):
    """The archive, handed out as it is built. A missing file is left out and a storage that
    fails part-way stops the archive there: either way the archive stays readable and ends
    with a note naming what it lacks (only documents this user may see), and where (`elsewhere`:
    « la page de la séance : <address> ») each can be downloaded alone."""
    pipe = _Pipe()
    used = set()
    missing, cut, not_joined = [], [], []
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, document in enumerate(documents):
            name = document.download_filename
            stem, dot, extension = name.rpartition(".")
            candidate, n = name, 1
            while candidate in used or candidate == ARCHIVE_NOTE:
                n += 1
                candidate = f"{stem} ({n}){dot}{extension}" if dot else f"{name} ({n})"
            used.add(candidate)
            try:
                with (
                    document.file.open("rb") as source,
                    archive.open(candidate, "w", force_zip64=True) as target,
                ):
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        if len(pipe.chunks) > 4:  # hand out about 256 KB at a time
                            yield pipe.drain()
            except FileNotFoundError:
                missing.append(document)
                continue
            except Exception:
                logger.exception("Stockage des documents injoignable pendant une archive")
                if candidate in archive.NameToInfo:  # failed while read: partly written
                    cut, not_joined = [document], documents[index + 1 :]
                else:
                    not_joined = documents[index:]
                break
            yield pipe.drain()
        if missing or cut or not_joined:
            note = _archive_note(elsewhere, missing, cut, not_joined)
            archive.writestr(ARCHIVE_NOTE, note)
    yield pipe.drain()


def session_archive(request, number):
    """A ZIP of the session's documents that this user may see, streamed as it is built."""
    session = visible_pages(SessionPage.objects.filter(number=number), request).first()
    if session is None:
        raise Http404("Séance introuvable.")
    documents = list(
        visible_documents(Resource.objects.filter(session=session), request).order_by("title")
    )
    if not documents:
        raise Http404("Aucun document de cette séance ne vous est accessible.")
    try:
        # Asked before the first byte: once the archive has started, no error page can follow.
        documents[0].file.storage.exists(documents[0].file.name)
    except Exception:
        return _storage_unavailable(request)
    elsewhere = f"la page de la séance : {request.build_absolute_uri(session.url)}"
    filename = f"seance-{session.number}-{slugify(session.date.isoformat())}.zip"
    return _archive_response(_zip_stream(documents, elsewhere), filename)


def _archive_response(stream, filename):
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return _protect(response)


def selection_archive(request):
    """« Télécharger la sélection »: a ZIP of the library's current selection (the same
    parameters as the library's address), only the documents this user may see, in the
    library's order, streamed as it is built like a session's. A selection past the limits
    (documents.library, ARCHIVE_MAX_*) gets a page that says so, in French, and no archive."""
    search = LibrarySearch(request, base_queryset=Resource.objects.for_listing(), facets=False)
    ids = search.archive_ids()
    archive = search.archive()
    library = LibraryPage.for_request(request)
    library_url = library.get_url(request) if library is not None else None
    back = f"{library_url}{archive['query']}" if library_url else ""
    if not archive["fits"]:
        status = 404 if not archive["count"] else 400
        return TemplateResponse(
            request,
            "documents/selection_refused.html",
            {"archive": archive, "back": back},
            status=status,
        )
    by_id = {document.pk: document for document in search.base.filter(pk__in=ids)}
    documents = [by_id[pk] for pk in ids if pk in by_id]
    try:
        # Asked before the first byte: once the archive has started, no error page can follow.
        documents[0].file.storage.exists(documents[0].file.name)
    except Exception:
        return _storage_unavailable(request)
    elsewhere = (
        f"la bibliothèque : {request.build_absolute_uri(back)}" if back else "la bibliothèque"
    )
    return _archive_response(_zip_stream(documents, elsewhere), "ressources-selection.zip")


def in_library(request, facet, value):
    """The library filtered on one session or territory (a shareable, stable address)."""
    library = LibraryPage.for_request(request)
    if library is None:
        raise Http404("La bibliothèque n’est pas publiée.")
    return redirect(f"{library.url}?{urlencode({facet: value})}")
