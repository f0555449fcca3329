"""The page of one document, /ressources/documents/<public_id>/ (a route of the library,
documents.models.LibraryPage): its metadata, its preview, its licence, how to cite it, the
documents related to it, and its download link (the download address stays
/documents/<public_id>/telecharger/).

Privacy: a document this user may not see answers exactly as one that does not exist (the
site's 404 page), whoever asks. On the page, a session, a territory or a theme is named only
if this user may see it, and the related documents are documents this user may see, chosen
by what this user may see of the document (its visible session and territories, its published
themes): a restricted session shared by two public documents does not relate them. A page
that only participants (or the staff) may see is served privately: never stored by the
anonymous page cache, nor by a shared cache, and kept out of search engines (noindex).
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator

from access.visibility import (
    anyone,
    is_document_visible,
    is_page_visible,
    is_staff_member,
    visible_documents,
    visible_pages,
)
from documents.models import Resource
from editorial.seo import DESCRIPTION_LENGTH, SITE_NAME, json_ld
from editorial.typography import NBSP, NNBSP

RELATED_SHOWN = 5
TRAINING_NAME = f"Formation-action «{NNBSP}Développement économique urbain{NNBSP}»"
# What relates another document to this one, by weight: the same session first, then each
# shared territory, then each shared theme.
SAME_SESSION, PER_TERRITORY, PER_THEME = 4, 2, 1


class DocumentView:
    """What the page shows of one document for one request, each part read once."""

    def __init__(self, library, request, document):
        self.library = library
        self.request = request
        self.document = document
        session = document.session if document.session_id else None
        # Named only to those who may see it (a restricted or unpublished session is not).
        self.session = (
            session if session is not None and is_page_visible(session, request) else None
        )
        self.organisation = (
            document.organisation
            if document.organisation_id and document.organisation.live  # not a draft
            else None
        )
        self.territories = list(
            visible_pages(document.territories.all(), request).order_by("title")
        )
        self.themes = list(document.themes.filter(live=True).order_by("name"))
        self.path = library.document_path(document, request)
        self.library_url = library.get_url(request)

    # Who may see it

    @property
    def is_public(self):
        """Whether a visitor without an account may see this document (no question asked of
        the database when the reader is one)."""
        if not self.request.user.is_authenticated:
            return True
        return is_document_visible(self.document, anyone(self.request))

    @property
    def is_waiting(self):
        """Shown to the staff only: the document waits for a publisher's release."""
        return self.document.released_at is None

    # What it says

    @property
    def authors_label(self):
        names = [name for name in self.document.authors.split(",") if name.strip()]
        return "Auteurs" if len(names) > 1 else "Auteur"

    @property
    def creators(self):
        """Authors first; without authors, the organisation (its short name, as cited)."""
        if self.document.authors.strip():
            return self.document.authors.strip()
        return self.organisation.short_name if self.organisation else ""

    @property
    def licence(self):
        name, url = self.document.licence_of(self.request)
        return {"name": name, "url": url}

    @property
    def absolute_url(self):
        """The page's address as this request reached it (the citation's « Disponible sur »)."""
        return self.request.build_absolute_uri(self.path)

    def library_filter_url(self, param, value):
        return f"{self.library_url}?{urlencode({param: value})}"

    @property
    def kind_url(self):
        return self.library_filter_url("type", self.document.kind)

    @property
    def theme_links(self):
        return [(theme, self.library_filter_url("theme", theme.slug)) for theme in self.themes]

    def citation(self):
        """« Comment citer »: a French reference to the page, in the order of the usual
        bibliographic styles (ISO 690): creators, title (in italics), session and date, the
        formation-action, format and pages, address and date of consultation."""
        document = self.document
        parts = []
        if self.creators:
            parts.append(_sentence(self.creators))
        parts.append(format_html("<cite>{}</cite>{}", document.title, _end(document.title)))
        when = [self.session.label] if self.session else []
        date = document.document_date or (self.session.date if self.session else None)
        if date:
            when.append(_french_date(date))
        if when:
            parts.append(_sentence(", ".join(when)))
        parts.append(_sentence(TRAINING_NAME))
        physical = [document.format_label] if document.format_label else []
        if document.page_count:
            physical.append(f"{document.page_count}{NBSP}p")
        if physical:
            parts.append(_sentence(", ".join(physical)))
        consulted = _french_date(timezone.localdate())
        parts.append(
            format_html(
                "Disponible sur{}: {} (consulté le {}).", NBSP, self.absolute_url, consulted
            )
        )
        return format_html(" ".join(["{}"] * len(parts)), *parts)

    def related(self):
        """At most RELATED_SHOWN documents this user may see that share this document's
        (visible) session, territories or themes, the closest first: one query."""
        closeness, close = Value(0), Q(pk__in=[])
        if self.session:
            close |= Q(session_id=self.session.pk)
            closeness = Case(
                When(session_id=self.session.pk, then=Value(SAME_SESSION)),
                default=Value(0),
                output_field=IntegerField(),
            )
        for through, column, rows, weight in (
            (Resource.territories.through, "territorypage_id", self.territories, PER_TERRITORY),
            (Resource.themes.through, "theme_id", self.themes, PER_THEME),
        ):
            if not rows:
                continue
            links = through.objects.filter(
                resource_id=OuterRef("pk"), **{f"{column}__in": [row.pk for row in rows]}
            )
            close |= Q(Exists(links))
            shared = links.order_by().values("resource_id").annotate(n=Count("*")).values("n")
            closeness = closeness + Coalesce(
                Subquery(shared, output_field=IntegerField()), Value(0)
            ) * Value(weight)
        if not (self.session or self.territories or self.themes):
            return []
        candidates = (
            visible_documents(Resource.objects.for_listing(), self.request)
            .exclude(pk=self.document.pk)
            .filter(close)
            .annotate(closeness=closeness)
            .order_by("-closeness", F("document_date").desc(nulls_last=True), "title", "pk")
        )
        related = list(candidates[:RELATED_SHOWN])
        for document in related:
            document.page_url = self.library.document_path(document, self.request)
        return related

    # What search engines and sharing services read

    def description(self):
        """The title, then the description (or what the document is): two documents may share
        a description (a session's programme and its material), never a page's."""
        about = " ".join(self.document.description.split()) or (
            f"{self.document.get_kind_display()} de la formation-action «{NNBSP}"
            f"Développement économique urbain{NNBSP}» (2014)."
        )
        return Truncator(f"{_sentence(self.document.title)} {about}").chars(DESCRIPTION_LENGTH)

    def structured_data(self):
        """schema.org DigitalDocument, with its licence, naming only what this user may see
        (for a visitor without an account, only what is public: the page cache keeps it)."""
        document = self.document
        data = {
            "@context": "https://schema.org",
            "@type": "DigitalDocument",
            "name": document.title,
            "url": self.absolute_url,
            "inLanguage": "fr",
            "encodingFormat": document.content_type,
            "genre": document.get_kind_display(),
        }
        if document.description:
            data["description"] = document.description
        if document.document_date:
            data["dateCreated"] = document.document_date.isoformat()
        authors = [name.strip() for name in document.authors.split(",") if name.strip()]
        if authors:
            data["author"] = [{"@type": "Person", "name": name} for name in authors]
        if self.organisation:
            organisation = {
                "@type": "Organization",
                "name": self.organisation.name or self.organisation.short_name,
            }
            data["publisher" if authors else "author"] = organisation
        licence = self.licence
        if licence["url"]:
            data["license"] = licence["url"]
        else:
            data["copyrightNotice"] = licence["name"]
        if self.themes:
            data["keywords"] = ", ".join(theme.name for theme in self.themes)
        if self.territories:
            data["spatialCoverage"] = [
                {"@type": "Place", "name": territory.title} for territory in self.territories
            ]
        if self.session:
            data["isPartOf"] = {
                "@type": "Event",
                "name": self.session.label,
                "startDate": self.session.date.isoformat(),
                "url": self.request.build_absolute_uri(self.session.get_url(self.request)),
            }
        if document.preview:
            data["thumbnailUrl"] = self.request.build_absolute_uri(document.preview_url)
        return data

    def meta(self):
        """What components/page_meta.html reads (editorial.templatetags.seo for other pages)."""
        return {
            "site_name": SITE_NAME,
            "description": self.description(),
            "canonical": self.library.get_full_url(self.request)
            + self.library.reverse_subpage("document", args=[self.document.public_id]),
            "title": self.document.title,
            "type": "article",
            "image": self.request.build_absolute_uri(static("img/partage.png")),
            "structured_data": json_ld(self.structured_data()),
        }


def _french_date(day):
    """« 24 avril 2014 », « 1er mai 2014 »."""
    text = date_format(day, "j F Y")
    return f"1er{text[1:]}" if day.day == 1 else text


def _end(text):
    """The full stop a part of the citation needs, unless it ends with its own."""
    return "" if text.rstrip().endswith((".", "?", "!", "…")) else "."


def _sentence(text):
    return f"{text}{_end(text)}"


def serve_document_page(library, request, public_id):
    """The page of a document this user may see; for any other (restricted, waiting for its
    release, or missing), the site's 404 page, whoever asks."""
    document = (
        visible_documents(
            Resource.objects.for_listing()
            .select_related("session", "organisation")
            .filter(public_id=public_id),
            request,
        )
        .order_by()
        .first()
    )
    if document is None:
        raise Http404("Document introuvable.")
    view = DocumentView(library, request, document)
    context = {
        # The library is the page: the menu, the breadcrumbs and the toolbar are its.
        "page": library,
        "self": library,
        "subpage_title": document.title,  # the breadcrumbs' end (home.templatetags.navigation)
        "request": request,
        "document": document,
        "view": view,
        "related_documents": view.related(),
        "is_public": view.is_public,
        "meta": view.meta(),
        "show_waiting": view.is_waiting and is_staff_member(request),
    }
    response = TemplateResponse(request, "documents/document_page.html", context)
    if not view.is_public:
        # For participants (or the staff) only: neither the page cache nor any shared cache
        # may keep it, and search engines may not index it.
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex"
    return response
