"""The capitalisation booklet: a PDF of everything the formation-action published, and one per
territory, made from the public content with WeasyPrint (HTML and CSS paged media: running
headers, a table of contents with page numbers, bookmarks, a tagged PDF/UA file).

Made in the background, never while a visitor waits: the scheduler's `build_booklets` job
compares a fingerprint of what the booklets show with the one they were made from, and makes
them again when it changed. Each file goes to the private storage (the filesystem or S3,
through Django's storage API) under a new name, then a `Booklet` row records it; the view
serves the latest row of its scope, so the previous booklet is served until the next one is
complete, and the older files are deleted after the switch.

Public content only, whoever asks and whoever runs the command: every list is read for a
visitor without an account (access.visibility.anyone), through the same readers as the site's
pages (capitalisation.reading for the key issues, actions and syntheses).
"""

import hashlib
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import HttpRequest, QueryDict
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import (
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from access.visibility import anyone, is_collection_visible, visible_documents, visible_pages
from capitalisation import reading
from capitalisation.models import CapitalisationPage
from documents.models import Resource
from editorial.models import ExampleMarks, Theme
from home.images import RENDITIONS_FOLDER
from home.models import Booklet, ContentPage, HomePage, months_spanned
from people.models import Organisation
from sessions.models import Place, SessionPage
from territoires.models import KeyIssue, PriorityNeighbourhood, ShortTermAction, TerritoryPage

logger = logging.getLogger(__name__)

WHOLE = ""  # the territory_slug of the whole capitalisation's booklet
PRESENTATION_SLUG = "la-formation"  # « La formation-action », the seed's presentation
TEMPLATE = "booklet/booklet.html"
STYLESHEET = "booklet/booklet.css"
FOLDER = "livrets"
PDF_VARIANT = "pdf/ua-1"
# Bump when the booklet's make-up changes in code (not in its templates, which the
# fingerprint reads): every booklet is made again at the next run.
FORMAT = 1
LOCK_KEY = 0x6C69767265  # « livre »: one generation at a time across processes (PostgreSQL)


def public_request(query=""):
    """A stand-in request of a visitor without an account, at the site's own address: what
    the booklet reads is narrowed with it, whoever runs the command."""
    request = HttpRequest()
    request.user = AnonymousUser()
    request.GET = QueryDict(query)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        request.META["HTTP_HOST"] = site.hostname
        request.META["SERVER_PORT"] = str(site.port)
    return request


def site_root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else "http://localhost"


# What the booklet shows


@dataclass
class TerritorySection:
    territory: TerritoryPage
    url: str
    neighbourhoods: ExampleMarks
    key_issues: ExampleMarks
    actions: ExampleMarks


@dataclass
class Contents:
    """Everything one booklet shows, read for a visitor without an account."""

    title: str
    territory: TerritoryPage | None
    root_url: str
    home: HomePage | None = None
    presentation: ContentPage | None = None
    show_home_intro: bool = True
    show_home_objectives: bool = True
    partners: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    territories: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    themes_examples: ExampleMarks | None = None
    documents: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    shown_pages: list = field(default_factory=list)
    shown_documents: list = field(default_factory=list)

    @property
    def has_example_content(self):
        return (
            (self.presentation is not None and self.presentation.example_content)
            or any(s.theme_example for s in self.sessions)
            or any(step.example_content for step in self.steps)
            or any(
                t.territory.shared_knowledge_example
                or t.neighbourhoods.any
                or t.key_issues.any
                or t.actions.any
                for t in self.territories
            )
            or bool(self.themes_examples and self.themes_examples.any)
        )


def _text(html):
    return re.sub(r"\s+", " ", strip_tags(str(html))).strip()


def _public_page(queryset, request):
    return visible_pages(queryset, request).order_by("path").first()


def _resources_by_kind(documents):
    order = {value: rank for rank, value in enumerate(Resource.Kind.values)}
    groups = {}
    for document in sorted(documents, key=lambda d: (order.get(d.kind, 99), d.title.lower())):
        groups.setdefault(document.get_kind_display(), []).append(document)
    return list(groups.items())


def compose(territory=None):
    """What the booklet of the whole capitalisation (or of one public territory) shows."""
    request = public_request(f"{reading.TERRITORY}={territory.slug}" if territory else "")
    everyone = anyone(request)
    root_url = site_root_url()
    contents = Contents(
        title=(
            f"Livret du territoire : {territory.title}"
            if territory
            else "La capitalisation de la formation-action"
        ),
        territory=territory,
        root_url=root_url,
    )
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else None
    if home is not None and isinstance(home, HomePage) and is_public(home, everyone):
        contents.home = home
        contents.presentation = _public_page(
            ContentPage.objects.child_of(home).filter(slug=PRESENTATION_SLUG), everyone
        )
    if contents.presentation is not None and contents.home is not None and not territory:
        # The home page sums up what the presentation tells (the demo's partnership and
        # objectives): what the presentation already says is not said twice.
        body = _text(contents.presentation.body.render_as_block())
        contents.show_home_intro = _text(contents.home.intro) not in body
        contents.show_home_objectives = (
            _text(contents.home.objectives.render_as_block()) not in body
        )
    contents.partners = list(Organisation.objects.filter(live=True, is_partner=True))
    for organisation in contents.partners:
        organisation.logo_url = _logo_url(organisation, everyone)

    sessions = list(SessionPage.visible_in(everyone))
    contents.sessions = sessions
    session_ids = {session.pk for session in sessions}

    all_territories = list(TerritoryPage.visible_in(everyone))
    territories = [t for t in all_territories if territory is None or t.pk == territory.pk]
    contents.territories = _territory_sections(territories, everyone)

    page = _public_page(CapitalisationPage.objects.all(), everyone)
    if page is not None:
        capitalisation = reading.capitalisation(page, request)
        contents.steps = [] if territory else capitalisation["steps"]
        contents.groups = capitalisation["groups"]
        items = []
        for group in contents.groups:
            items += [group.synthesis] if group.synthesis else []
            for territory_group in group.territories:
                items += [*territory_group.issues, *territory_group.actions]
        contents.themes_examples = ExampleMarks(items)
        for item, marked in contents.themes_examples.rows:
            item.booklet_marked = marked

    public_documents = visible_documents(
        Resource.objects.for_listing().select_related("session"), everyone
    )
    if territory is not None:
        documents = list(public_documents.filter(territories=territory))
        documents_count = public_documents.count()
    else:
        documents = list(public_documents)
        documents_count = len(documents)
    for document in documents:
        document.full_url = root_url + document.url
        if document.session_id not in session_ids:
            document.session = None  # a restricted session is never named
    contents.documents = _resources_by_kind(documents)

    # The formation-action's key figures, as the home page gives them (a territory's
    # booklet too: it is one of them).
    contents.figures = {
        "territories": len(all_territories),
        "sessions": len(sessions),
        "participants": contents.home.participants_count if contents.home else None,
        "months": months_spanned([s.date for s in sessions]),
        "documents": documents_count,
    }
    pages = [contents.home, contents.presentation, page, *sessions, *territories]
    contents.shown_pages = sorted({p.pk for p in pages if p is not None})
    contents.shown_documents = sorted(d.pk for d in documents)
    return contents


def is_public(page, everyone):
    return visible_pages(Page.objects.filter(pk=page.pk), everyone).exists()


def _territory_sections(territories, everyone):
    """Each public territory's neighbourhoods, key issues and actions, read as the
    capitalisation reads them (capitalisation.reading.public_items)."""
    ids = {t.pk for t in territories}
    issues, actions, neighbourhoods = {}, {}, {}
    for item in reading.public_items(KeyIssue, everyone):
        issues.setdefault(item.territory_id, []).append(item)
    for item in reading.public_items(ShortTermAction, everyone):
        actions.setdefault(item.territory_id, []).append(item)
    for item in PriorityNeighbourhood.objects.filter(territory_id__in=ids).order_by(
        "territory_id", "sort_order", "pk"
    ):
        neighbourhoods.setdefault(item.territory_id, []).append(item)
    return [
        TerritorySection(
            territory=t,
            url=t.get_full_url(),
            neighbourhoods=ExampleMarks(neighbourhoods.get(t.pk, [])),
            key_issues=ExampleMarks(issues.get(t.pk, [])),
            actions=ExampleMarks(actions.get(t.pk, [])),
        )
        for t in territories
    ]


def _logo_url(organisation, everyone):
    """A partner's logo, where the organisation model has one (an image of a public
    collection): a rendition, read back from storage by the fetcher below."""
    logo = getattr(organisation, "logo", None)
    if logo is None or not hasattr(logo, "get_rendition"):
        return ""
    collection = logo.collection
    if not is_collection_visible(collection.path, collection.depth, everyone):
        return ""
    try:
        return logo.get_rendition("height-160|format-png").url
    except Exception:
        logger.exception("Livret : logo illisible (%s)", organisation)
        return ""


# Rendering


def render_html(contents):
    return render_to_string(
        TEMPLATE,
        {
            "booklet": contents,
            "request": public_request(),
            "generated_at": timezone.now(),
            "stylesheet": get_template(STYLESHEET).template.source,
        },
    )


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RenditionsOnly(URLFetcher):
        """Nothing is fetched from the network: image renditions are read from storage
        (the booklet shows only public images); anything else is refused."""

        def fetch(self, url, headers=None):
            path = urlsplit(url).path
            prefix = "/media/" + RENDITIONS_FOLDER
            if not path.startswith(prefix) or ".." in path:
                raise ValueError(f"Ressource externe refusée dans le livret : {url}")
            name = RENDITIONS_FOLDER + path.removeprefix(prefix)
            with default_storage.open(name, "rb") as stream:
                return URLFetcherResponse(url, stream.read())

    return RenditionsOnly


@dataclass
class Rendered:
    pdf: bytes
    page_count: int


def render_pdf(html, base_url):
    """The tagged PDF (PDF/UA-1: title, language, structure, bookmarks) and its pages."""
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=_fetcher_class()()
    ).render(pdf_variant=PDF_VARIANT)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return Rendered(pdf=pdf, page_count=len(document.pages))


# What has changed


def fingerprint():
    """A digest of what the booklets show: when it differs from a booklet's, the public
    content changed (a page published, unpublished, moved or restricted, a document released
    or moved to a restricted collection, a theme, a place, a partner, the site's address, the
    booklet's templates). A few cheap queries: the scheduler asks every minute."""
    site = Site.objects.filter(is_default_site=True).values_list("hostname", "port", "root_page_id")
    pages = (
        Page.objects.type(HomePage, ContentPage, SessionPage, TerritoryPage, CapitalisationPage)
        .order_by("pk")
        .values_list("pk", "path", "url_path", "live", "last_published_at", "title")
    )
    page_restrictions = PageViewRestriction.objects.order_by("pk", "groups").values_list(
        "pk", "page_id", "restriction_type", "groups"
    )
    collection_restrictions = CollectionViewRestriction.objects.order_by(
        "pk", "groups"
    ).values_list("pk", "collection_id", "restriction_type", "groups")
    documents = Resource.objects.order_by("pk").values_list(
        "pk",
        "title",
        "kind",
        "document_date",
        "released_at",
        "collection_id",
        "session_id",
        "public_id",
    )
    document_territories = Resource.territories.through.objects.order_by("pk").values_list(
        "resource_id", "territorypage_id"
    )
    themes = Theme.objects.order_by("pk").values_list("pk", "name", "slug", "live")
    places = Place.objects.order_by("pk").values_list(
        "pk", "name", "locality", "locality_note", "live"
    )
    organisations = Organisation.objects.order_by("pk").values_list(
        "pk", "short_name", "name", "live", "is_partner"
    )
    templates = [get_template(name).template.source for name in (TEMPLATE, STYLESHEET)]
    digest = hashlib.sha256()
    for part in (
        FORMAT,
        templates,
        site,
        pages,
        page_restrictions,
        collection_restrictions,
        documents,
        document_territories,
        themes,
        places,
        organisations,
    ):
        digest.update(repr(list(part) if not isinstance(part, (int, str)) else part).encode())
    return digest.hexdigest()


# Storing and serving


def latest(territory_slug=WHOLE):
    """The booklet to serve for this scope: its latest complete one, or None."""
    return (
        Booklet.objects.filter(territory_slug=territory_slug)
        .order_by("-generated_at", "-pk")
        .first()
    )


def still_public(booklet):
    """Whether everything this booklet shows is still public: a page restricted or
    unpublished, a document hidden since it was made keeps it from being served until the
    next one is made (never a stale leak)."""
    everyone = anyone()
    pages = set(booklet.shown_pages)
    if pages and len(
        set(visible_pages(Page.objects.filter(pk__in=pages), everyone).values_list("pk", flat=True))
    ) != len(pages):
        return False
    documents = set(booklet.shown_documents)
    if documents:
        public = visible_documents(Resource.objects.filter(pk__in=documents), everyone)
        if public.count() != len(documents):
            return False
    return True


def filename(territory_slug=WHOLE):
    """The name a visitor's download takes."""
    stem = f"territoire-{territory_slug}" if territory_slug else "capitalisation"
    return f"livret-{stem}-formation-deu-2014.pdf"


def filename_for(booklet):
    return filename(booklet.territory_slug)


def store(contents, rendered, digest, now=None):
    """Write the file under a new name, then record it; then delete the older ones of its
    scope. A failure before the record leaves the previous booklet served."""
    now = now or timezone.now()
    slug = contents.territory.slug if contents.territory else WHOLE
    stem = filename(slug).removesuffix(".pdf")
    name = Booklet.file.field.storage.save(
        f"{FOLDER}/{stem}-{now:%Y%m%d-%H%M%S}.pdf", ContentFile(rendered.pdf)
    )
    try:
        with transaction.atomic():
            booklet = Booklet.objects.create(
                territory_slug=slug,
                title=contents.title,
                file=name,
                generated_at=now,
                fingerprint=digest,
                page_count=rendered.page_count,
                file_size=len(rendered.pdf),
                shown_pages=contents.shown_pages,
                shown_documents=contents.shown_documents,
            )
    except Exception:
        Booklet.file.field.storage.delete(name)
        raise
    discard(Booklet.objects.filter(territory_slug=slug).exclude(pk=booklet.pk))
    return booklet


def discard(booklets):
    """Delete these booklets, rows then files."""
    for booklet in list(booklets):
        name = booklet.file.name
        booklet.delete()
        try:
            Booklet.file.field.storage.delete(name)
        except Exception:
            logger.exception("Livret : fichier ancien non supprimé (%s)", name)


@contextmanager
def one_at_a_time():
    """True while this process holds the generation lock (always, off PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


@dataclass
class Outcome:
    made: list = field(default_factory=list)  # [(Booklet, seconds)]
    failed: list = field(default_factory=list)  # [(title, exception)]
    removed: int = 0
    busy: bool = False


def build(force=False):
    """Make again the booklets whose content changed (all with `force`): the whole one and
    one per public territory; remove those of territories no longer public."""
    import time

    outcome = Outcome()
    with one_at_a_time() as held:
        if not held:
            outcome.busy = True
            return outcome
        digest = fingerprint()  # before reading: a change made meanwhile is seen next time
        territories = list(TerritoryPage.visible_in(anyone()))
        slugs = {t.slug for t in territories}
        stale = Booklet.objects.exclude(territory_slug=WHOLE).exclude(territory_slug__in=slugs)
        outcome.removed = stale.count()
        discard(stale)
        for territory in [None, *territories]:
            current = latest(territory.slug if territory else WHOLE)
            if not force and current is not None and current.fingerprint == digest:
                continue
            started = time.monotonic()
            try:
                contents = compose(territory)
                rendered = render_pdf(render_html(contents), contents.root_url + "/")
                booklet = store(contents, rendered, digest)
            except Exception as error:
                logger.exception("Livret non généré : %s", territory or "ensemble")
                outcome.failed.append((territory.title if territory else "ensemble", error))
                continue
            outcome.made.append((booklet, time.monotonic() - started))
    return outcome
