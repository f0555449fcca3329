"""Site-wide search, robots.txt, the sitemap (all through the visibility rule), the health
check, the error pages and the answer of Wagtail's routes this site does not use."""

import logging
import sys
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseServerError,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, parse_http_date_safe, urlencode
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from access.visibility import anyone, visible_pages
from documents.library import LibrarySearch, clean_query
from documents.storage import private_storage
from editorial.excerpts import excerpt, headlines, page_text, search_words
from home import booklet as booklets
from home import navigation
from home.sitemap import PublicPagesSitemap
from territoires.models import TerritoryPage

PAGE_SIZE = 10
logger = logging.getLogger(__name__)
DOCUMENTS_SHOWN = 5


def _specific_pages(pages):
    """These pages as their own page types, in order: one query per type, not one per result.
    Wagtail's `.specific()` would first read each page's type, which these rows already carry."""
    ids_by_model = defaultdict(list)
    for page in pages:
        ids_by_model[page.specific_class or Page].append(page.pk)
    by_id = {}
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        # What the excerpt quotes beyond the page's row comes with it (a territory's issues).
        if hasattr(model, "for_search_excerpts"):
            queryset = model.for_search_excerpts(queryset)
        by_id.update((page.pk, page) for page in queryset)
    return [by_id[page.pk] for page in pages if page.pk in by_id]


def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query}
    if query and not search_words(query):
        # Punctuation only (« '";-- »): nothing to look for, and said so.
        context["no_words"] = True
    elif query:
        # The same for everyone of this audience until the content changes: the template
        # renders them once ({% sharedblock %}, named by the words and the page number asked),
        # and they are read only then.
        number = request.GET.get("page") or ""
        context["results"] = SimpleLazyObject(lambda: _results(request, query, number))
        context["results_key"] = f"{query}\n{number}"
    return TemplateResponse(request, "pages/search_page.html", context)


def _results(request, query, number):
    """The pages that match, a page of them with their highlighted passages, and the first
    documents that match."""
    # The search backend filters on indexed fields only: the visibility rule (which also
    # follows aliases to their source) runs as a subquery on the page ids. The backend is
    # given the words alone: SQLite's full-text syntax fails on a stray quote.
    visible = visible_pages(Page.objects.filter(depth__gt=1), request).values("pk")
    words = " ".join(search_words(query))
    pages = Page.objects.filter(pk__in=visible).search(words)
    page_obj = Paginator(pages, PAGE_SIZE).get_page(number)
    results = _specific_pages(page_obj.object_list)
    texts = [page_text(page) for page in results]
    if connection.vendor == "postgresql":
        # Highlighted with the configuration Wagtail's search matched the pages with.
        config = settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"]
        passages = headlines(texts, words, config)
    else:
        passages = [excerpt(text, words) for text in texts]
    for page, passage in zip(results, passages, strict=True):
        page.excerpt = passage
    page_obj.object_list = results
    if page_obj.has_previous():
        page_obj.previous_url = "?" + urlencode(
            {"q": query, "page": page_obj.previous_page_number()}
        )
    if page_obj.has_next():
        page_obj.next_url = "?" + urlencode({"q": query, "page": page_obj.next_page_number()})
    library = navigation.library(request)
    documents = LibrarySearch(request, query=query, facets=False)
    document_page = documents.page(page_size=DOCUMENTS_SHOWN, number=1)
    return {
        "page_obj": page_obj,
        "documents": document_page.object_list,
        "document_count": document_page.paginator.count,
        "library_url": f"{library.url}?{urlencode({'q': query})}" if library else "",
    }


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /recherche/
Disallow: /connexion/
Disallow: /deconnexion/
Disallow: /mot-de-passe/

Sitemap: {sitemap}
"""


def robots(request):
    """The sitemap's address on the Site's own address, as the sitemap's pages are."""
    site = Site.find_for_request(request)
    if site is not None:
        sitemap = site.root_url + reverse("sitemap")
    else:
        sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicPagesSitemap})


DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """The 500 page; a 503 when the database cannot be reached (an outage, not a bug), so
    load balancers and visitors read « momentanément indisponible ». Neither template
    queries the database."""
    if isinstance(sys.exception(), DATABASE_ERRORS):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


def page_not_found(request, exception):
    """The 404 page: the same answer for a missing page and for one this user may not see
    (people.wagtail_hooks), so that trying addresses tells nothing. A visitor without an
    account finds the login form on it, and comes back to this address once logged in."""
    context = {}
    if not request.user.is_authenticated:
        form = AuthenticationForm(request)
        # The page says first what happened: the login form does not take the focus.
        form.fields["username"].widget.attrs.pop("autofocus", None)
        context = {"login_form": form, "next": request.get_full_path()}
    return TemplateResponse(request, "404.html", context, status=404).render()


def unused_password_route(request, *args, **kwargs):
    """Wagtail's shared-password routes, for pages and for document collections: this site
    switches those restrictions off (settings.WAGTAIL_PRIVATE_PAGE_OPTIONS and
    WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS), so their addresses answer as a missing page does.
    config.urls keeps Wagtail's names on them, which Wagtail reverses."""
    raise Http404("Page introuvable.")


def health(request):
    """/sante/ for load balancers: 200 when the database and both storages answer, 503
    otherwise; the body says nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        private_storage.exists("sante")
        default_storage.exists("sante")
    except Exception:
        logger.exception("Santé : base ou stockage injoignable")
        response = HttpResponse("indisponible\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


# The capitalisation booklets (home.booklet): served from storage, never made here.

BOOKLET_RETRY_SECONDS = 120


def _booklet_unavailable(request, status, title, message):
    response = TemplateResponse(
        request, "booklet/unavailable.html", {"title": title, "message": message}, status=status
    )
    if status == 503:
        response["Retry-After"] = str(BOOKLET_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response.render()


@require_safe
def booklet(request, territory_slug=booklets.WHOLE):
    """The latest complete booklet of the whole capitalisation or of one public territory.

    A restricted territory answers as an unknown one. Before the first booklet, or while the
    last one shows something that is no longer public, a French page says to come back: the
    scheduler makes the next one within minutes."""
    if territory_slug:
        territory = (
            visible_pages(TerritoryPage.objects.filter(slug=territory_slug), anyone(request))
            .only("pk")
            .first()
        )
        if territory is None:
            return _booklet_unavailable(
                request,
                404,
                "Livret introuvable",
                "Aucun livret à cette adresse : ce territoire n’existe pas ou ne fait pas partie "
                "du contenu public de la formation-action. Chaque territoire public a le sien, "
                "sur sa page.",
            )
    record = booklets.latest(territory_slug)
    if record is None:
        return _booklet_unavailable(
            request,
            503,
            "Livret en préparation",
            "Le livret PDF n’a pas encore été généré : il est fabriqué automatiquement à partir "
            "du contenu publié, dans les minutes qui suivent. Réessayez un peu plus tard.",
        )
    if not booklets.still_public(record):
        return _booklet_unavailable(
            request,
            503,
            "Livret en cours de mise à jour",
            "Le contenu public a changé depuis la fabrication de ce livret : une nouvelle "
            "version est en préparation. Réessayez dans quelques minutes.",
        )
    last_modified = record.generated_at.replace(microsecond=0)
    since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    since = parse_http_date_safe(since) if since else None
    if since is not None and int(last_modified.timestamp()) <= since:
        response = HttpResponseNotModified()
    else:
        try:
            stream = record.file.open("rb")
        except OSError:
            logger.exception("Livret : fichier illisible (%s)", record.file.name)
            return _booklet_unavailable(
                request,
                503,
                "Livret en cours de mise à jour",
                "Le livret PDF est en cours de remplacement. Réessayez dans quelques minutes.",
            )
        response = FileResponse(
            stream, content_type="application/pdf", filename=booklets.filename_for(record)
        )
        response["Content-Length"] = str(record.file_size)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=300"
    return response
