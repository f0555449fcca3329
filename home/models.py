"""The site's frame: the home page, generic content pages and the footer's settings.

The home page asks the sessions, territories and people apps for what it shows; none of them
imports this app back.
"""

from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from access.visibility import ServedRestrictionsMixin, visible_documents
from documents.models import LibraryPage, Resource
from documents.storage import get_private_storage
from editorial.blocks import PARAGRAPH_FEATURES, BodyBlock
from editorial.models import (
    ExampleContentMixin,
    IntroPage,
    example_flag,
    example_panel,
    first_of,
)
from home.blocks import ContentBodyBlock
from people.models import partners
from sessions.models import SessionPage
from territoires.map import region_map
from territoires.models import TeamMember, TerritoryPage

LATEST_DOCUMENTS = 4
AREA_DOCUMENTS_SHOWN = 12


def months_spanned(dates):
    """Calendar months from the first date to the last, both counted: 27 March to 27 November
    is « 9 mois », as the source says."""
    if not dates:
        return 0
    first, last = min(dates), max(dates)
    return (last.year - first.year) * 12 + last.month - first.month + 1


class HomePage(ServedRestrictionsMixin, Page):
    lead = models.TextField(
        "accroche",
        blank=True,
        help_text="Une ou deux phrases sous le titre : ce qu’est la formation-action.",
    )
    intro = RichTextField("présentation", features=PARAGRAPH_FEATURES, blank=True)
    objectives = StreamField(
        BodyBlock(),
        verbose_name="objectifs",
        blank=True,
        help_text="Les objectifs de la formation-action, tels qu’ils sont présentés à l’accueil.",
    )
    # Where the work went after 2014 (the contrats de ville of 2015): the site is an archive,
    # this says what followed.
    aftermath = RichTextField(
        "et ensuite ?",
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text="Ce que les travaux de la formation-action sont devenus après 2014, en un "
        "court paragraphe (les contrats de ville de 2015…).",
    )
    aftermath_example = example_flag("et ensuite ?")
    participants_count = models.PositiveSmallIntegerField(
        "nombre de participants (environ)",
        default=20,
        help_text="Affiché parmi les chiffres clés de l’accueil : « environ 20 participants ».",
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("intro"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("aftermath"), example_panel("aftermath_example")], heading="Et ensuite ?"
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="<p>Quatre des cinq chiffres clés de l’accueil sont calculés à "
                    "partir du site : le nombre de territoires et de séances publiés, les mois "
                    "qui séparent la première séance de la dernière, et le nombre de documents "
                    "publics. Seul le nombre de participants se saisit ici.</p>"
                ),
                FieldPanel("participants_count"),
            ],
            heading="Chiffres clés",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("intro"),
        index.SearchField("objectives"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "formation_sessions.SessionIndexPage",
        "territoires.TerritoryIndexPage",
        "documents.LibraryPage",
        "capitalisation.CapitalisationPage",
        "capitalisation.OpenDataPage",
        "home.ParticipantsAreaPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "page d’accueil"
        verbose_name_plural = "pages d’accueil"

    def route(self, request, path_components):
        """Find a page below the home page by its whole path in one query (Wagtail keeps each
        page's `url_path`), instead of two queries per level of the tree.

        Wagtail's own walk is the fallback: for a path no page has (a sub-route of a page type
        that defines `route`, or an unknown address, which then answers 404 as usual). No page
        type of this site defines `route` below the home page; one that did would still be
        reached through the fallback for its sub-routes.
        """
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = Page.objects.filter(url_path=url_path).first()
            if page is not None and page.path.startswith(self.path):
                page = page.specific
                if not page.live:
                    raise Http404
                return RouteResult(page)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sessions = list(SessionPage.visible_in(request))
        territories = list(TerritoryPage.visible_in(request))
        documents = visible_documents(
            Resource.objects.for_listing().select_related("session"), request
        )
        context["sessions"] = sessions
        context["territories"] = territories
        context["territory_map"] = region_map(territories)
        context["partners"] = partners(request)
        context["latest_documents"] = list(
            documents.order_by("-created_at", "-pk")[:LATEST_DOCUMENTS]
        )
        context["library"] = LibraryPage.for_request(request)
        context["figures"] = {
            "territories": len(territories),
            "sessions": len(sessions),
            "participants": self.participants_count,
            "months": months_spanned([session.date for session in sessions]),
            "documents": documents.count(),
        }
        return context

    def structured_data(self, request):
        """schema.org Organization: the two partners who run the formation-action."""
        organisations = [
            {
                "@type": "Organization",
                "name": organisation.name or organisation.short_name,
                "alternateName": organisation.short_name,
                **({"url": organisation.website} if organisation.website else {}),
                **({"description": organisation.description} if organisation.description else {}),
            }
            for organisation in partners(request)
        ]
        return {"@context": "https://schema.org", "@graph": organisations}


class ContentPage(ServedRestrictionsMixin, ExampleContentMixin, Page):
    """A free page: « La formation-action », the legal pages, any other text page."""

    lead = models.TextField("chapeau", blank=True, help_text="Une ou deux phrases d’introduction.")
    body = StreamField(ContentBodyBlock(), verbose_name="contenu", blank=True)

    content_panels = (
        Page.content_panels
        + [FieldPanel("lead"), FieldPanel("body")]
        + ExampleContentMixin.example_content_panels
    )
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage", "home.ParticipantsAreaPage"]
    subpage_types = ["home.ContentPage"]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = "page de contenu"
        verbose_name_plural = "pages de contenu"


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """The legal pages every French site links from its footer, and the site's state of
    accessibility, which RGAA asks every page to show (« Accessibilité : non conforme »)."""

    class AccessibilityStatus(models.TextChoices):
        # RGAA 4.1: « totalement conforme » needs an audit with every criterion met,
        # « partiellement conforme » an audit with 50 % or more; no audit is « non conforme ».
        FULL = "totalement", "totalement conforme"
        PARTIAL = "partiellement", "partiellement conforme"
        NONE = "non", "non conforme"

    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="mentions légales",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="déclaration d’accessibilité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="données personnelles",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_status = models.CharField(
        "état de conformité",
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NONE,
        help_text=(
            "Celui de la dernière déclaration d’accessibilité (RGAA 4.1). Sans audit, le site "
            "est « non conforme » ; « partiellement conforme » demande un audit qui respecte au "
            "moins 50 % des critères, « totalement conforme » un audit qui les respecte tous. Le "
            "pied de page de chaque page l’affiche (« Accessibilité : non conforme ») et la "
            "déclaration le reprend."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("legal_notice_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
            ],
            heading="Pages légales",
        ),
        MultiFieldPanel([FieldPanel("accessibility_status")], heading="Accessibilité"),
    ]

    class Meta:
        verbose_name = "pied de page"

    @property
    def accessibility_mention(self):
        """« Accessibilité : non conforme », as RGAA words it for every page."""
        return f"Accessibilité : {self.get_accessibility_status_display()}"


class ParticipantsAreaPage(IntroPage):
    """/espace-participants/: what is theirs, for the participants (and staff) only.

    The demo puts a view restriction on it for the Participants group and the staff groups;
    its directory of people, with their e-mail addresses, exists nowhere else on the site.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count = 1
    template = "pages/participants_area_page.html"

    class Meta:
        verbose_name = "espace des participants"
        verbose_name_plural = "espaces des participants"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = visible_documents(
            Resource.objects.for_listing().select_related("session"), request
        )
        sessions = list(SessionPage.visible_in(request))
        by_session = {session.pk: [] for session in sessions}
        # The first documents of each session in one query; the rest is in the library.
        firsts = (
            documents.filter(session__in=[s.pk for s in sessions])
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("session_id")],
                    order_by=[F("kind").asc(), F("title").asc()],
                )
            )
            .filter(rank__lte=AREA_DOCUMENTS_SHOWN + 1)
            .order_by("session_id", "rank")
        )
        for document in firsts:
            by_session[document.session_id].append(document)
        context["sessions"] = [
            (session, *first_of(by_session[session.pk], AREA_DOCUMENTS_SHOWN))
            for session in sessions
        ]
        context["working_documents"], context["more_working_documents"] = first_of(
            documents.filter(kind=Resource.Kind.WORKING_DOCUMENT).order_by("title"),
            AREA_DOCUMENTS_SHOWN,
        )
        context["my_territories"] = self.territories_of(request.user, request)
        context["directory"] = self.directory(request)
        return context

    @staticmethod
    def territories_of(user, request):
        person = getattr(user, "person", None) if user.is_authenticated else None
        if person is None:
            return []
        ids = person.territory_teams.values("territory_id")
        return list(TerritoryPage.visible_in(request).filter(pk__in=ids))

    @staticmethod
    def directory(request):
        """Every member of a visible territory's team: name, role, organisation, e-mail."""
        territories = TerritoryPage.visible_in(request)
        members = (
            TeamMember.objects.filter(territory__in=territories)
            .select_related("person__organisation", "territory")
            .order_by("territory__title", "person__last_name", "person__first_name")
        )
        directory = []
        for member in members:
            person = member.person
            if not person.live:  # a person created as a draft waits for the workflow
                continue
            if person.organisation is not None and not person.organisation.live:
                person.organisation = None  # shown as none until it is published (not saved)
            directory.append((member.territory, person))
        return directory


class Booklet(models.Model):
    """One generated booklet of the capitalisation (home.booklet): the whole formation-action
    (`territory_slug` blank) or one territory's. Written by `build_booklets` (the scheduler),
    never while a visitor waits; a row is made only once its file is stored, so the latest row
    of a scope is always complete, and the previous one is served until then."""

    territory_slug = models.SlugField(
        "territoire", max_length=255, blank=True, help_text="Vide : le livret de l’ensemble."
    )
    title = models.CharField("titre", max_length=255)
    file = models.FileField("fichier", upload_to="livrets", storage=get_private_storage)
    generated_at = models.DateTimeField("généré le")
    fingerprint = models.CharField("empreinte du contenu public", max_length=64)
    page_count = models.PositiveIntegerField("nombre de pages")
    file_size = models.PositiveIntegerField("taille")
    # The pages and documents it shows: served only while every one of them is still public
    # (a restriction made since waits for the next generation, it is never served stale).
    shown_pages = models.JSONField("pages montrées", default=list)
    shown_documents = models.JSONField("documents montrés", default=list)

    class Meta:
        verbose_name = "livret PDF"
        verbose_name_plural = "livrets PDF"
        indexes = [models.Index(fields=["territory_slug", "-generated_at"], name="booklet_latest")]

    def __str__(self):
        return self.title
