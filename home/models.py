"""The site's frame: the home page, generic content pages and the footer's settings.

The home page asks the sessions, territories and people apps for what it shows; none of them
imports this app back.
"""

import dataclasses
import functools
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import BooleanField, Case, Count, F, Q, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from access.request_memo import remembered
from access.shared import lazy_values, shared
from access.visibility import (
    PAGE_LINK_FIELDS,
    ServedRestrictionsMixin,
    anyone,
    hidden_collections_q,
    is_participant,
    is_staff_member,
    visible_documents,
    visible_pages,
)
from capitalisation.models import CapitalisationPage
from documents.library import clean_query, matching_text
from documents.models import Deposit, LibraryPage, Resource
from documents.storage import get_private_storage
from editorial.blocks import PARAGRAPH_FEATURES, BodyBlock
from editorial.models import (
    ExampleContentMixin,
    IntroPage,
    example_flag,
    example_panel,
    first_of,
)
from editorial.typography import french
from home import contact
from home.blocks import ContentBodyBlock
from home.navigation import navigation_pages, site_root
from people.last_visit import previous_login
from people.models import funders, partners
from sessions.models import SessionIndexPage, SessionPage
from territoires import proposals
from territoires.map import region_map
from territoires.models import TeamMember, TerritoryIndexPage, TerritoryPage

logger = logging.getLogger(__name__)

LATEST_DOCUMENTS = 4
AREA_DOCUMENTS_SHOWN = 12
NEW_DOCUMENTS_SHOWN = 6


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
        "home.SitemapPage",
        "home.ContactPage",
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
        # Read when the body is rendered, not when it is served ready-made to an audience that
        # already saw it ({% sharedblock %}): each value is a lazy one, all read together.
        context.update(lazy_values(functools.partial(self.body_context, request), self.BODY_VALUES))
        return context

    BODY_VALUES = (
        "sessions",
        "territories",
        "territory_map",
        "partners",
        "funders",
        "latest_documents",
        "library",
        "sections",
        "figures",
    )

    def body_context(self, request):
        sessions = list(SessionPage.visible_in(request))
        territories = list(TerritoryPage.visible_in(request))
        documents = visible_documents(
            Resource.objects.for_listing().select_related("session"), request
        )
        return {
            "sessions": sessions,
            "territories": territories,
            "territory_map": region_map(territories),
            "partners": partners(request),
            "funders": funders(request),
            "latest_documents": list(documents.order_by("-created_at", "-pk")[:LATEST_DOCUMENTS]),
            "library": LibraryPage.for_request(request),
            "sections": self.sections(request),
            "figures": {
                "territories": len(territories),
                "sessions": len(sessions),
                "participants": self.participants_count,
                "months": months_spanned([session.date for session in sessions]),
                "documents": documents.count(),
            },
        }

    def sections(self, request):
        """The sections the home page leads to, as the menu names them (read with the menu,
        no query of their own): {"capitalisation": page or None, "sessions": …, …}."""
        pages = navigation_pages(request, self, self)
        found = {}
        for name, model in (
            ("capitalisation", CapitalisationPage),
            ("sessions", SessionIndexPage),
            ("territories", TerritoryIndexPage),
            ("library", LibraryPage),
        ):
            content_type = ContentType.objects.get_for_model(model)
            found[name] = next((p for p in pages if p.content_type_id == content_type.pk), None)
        return found

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


def footer_link(label):
    """A page the footer links to, chosen in the settings (none: no link)."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


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

    legal_notice_page = footer_link("mentions légales")
    accessibility_page = footer_link("déclaration d’accessibilité")
    privacy_page = footer_link("données personnelles")
    sitemap_page = footer_link("plan du site")
    contact_page = footer_link("contact")

    # The footer's links, in the order it shows them.
    LINKS = (
        "sitemap_page",
        "contact_page",
        "legal_notice_page",
        "accessibility_page",
        "privacy_page",
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
                PageChooserPanel("sitemap_page", "home.SitemapPage"),
                PageChooserPanel("contact_page", "home.ContactPage"),
            ],
            heading="Plan du site et contact",
        ),
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


class ParticipantsAreaPage(RoutablePageMixin, IntroPage):
    """/espace-participants/: what is theirs, for the participants (and staff) only.

    The demo puts a view restriction on it for the Participants group and the staff groups;
    its directory of people, with their e-mail addresses, exists nowhere else on the site.

    One page in four parts, each one jump away from the table of contents: the overview (the
    user's territory and team, what is new since their last visit), the documents by session
    and by type (filterable in place by GET: the same parameters as the library, which goes on
    where a group is long), and the directory by territory. A document anyone may not see
    carries a « réservé » mark: participants tell at a glance what they may not pass around.

    Its routes are the participants' deposits (documents.deposit_views): « Déposer un
    document » and « Mes dépôts ». Routes of this page, so that they are exactly as private as
    the area (Wagtail checks its restriction first) and carry its menu and breadcrumbs.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count = 1
    template = "pages/participants_area_page.html"

    class Meta:
        verbose_name = "espace des participants"
        verbose_name_plural = "espaces des participants"

    # The views import the document forms, which need the models loaded: imported on use.
    @path("deposer/", name="deposit")
    def deposit(self, request):
        from documents import deposit_views

        return deposit_views.deposit_view(self, request)

    @path("mes-depots/", name="my_deposits")
    def my_deposits(self, request):
        from documents import deposit_views

        return deposit_views.my_deposits_view(self, request)

    @path("mes-depots/<int:pk>/modifier/", name="change_deposit")
    def change_deposit(self, request, pk):
        from documents import deposit_views

        return deposit_views.change_view(self, request, pk)

    @path("mes-depots/<int:pk>/retirer/", name="withdraw_deposit")
    def withdraw_deposit(self, request, pk):
        from documents import deposit_views

        return deposit_views.withdraw_view(self, request, pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What every user of this audience sees alike, read once per content generation
        # (access.shared); what is the user's own (their territory, entry, news, deposits) is
        # read or picked out per request.
        common = shared(request, f"participants-area:{self.pk}", lambda: self.common(request))
        sessions, directory = common["sessions"], common["directory"]
        filters = AreaFilters(request.GET, sessions, common["territories"])
        documents = self.documents(request)
        mine = self.territories_of(request.user, directory)
        if filters.active:
            sections = document_sections(filters.apply(documents), sessions, keep_empty=False)
            contents = table_of_contents(sections)
        else:
            # Read only when the shared block of the documents is not ready-made.
            sections = SimpleLazyObject(lambda: self.unfiltered_sections(request, sessions))
            contents = common["contents"]
        context.update(
            sessions=sessions,
            filters=filters,
            document_sections=sections,
            contents=contents,
            new_documents=NewDocuments(documents, previous_login(request)),
            my_territories=[
                (territory, [person for t, person in directory if t.pk == territory.pk])
                for territory in mine
            ],
            directory=directory_by_territory(directory, mine),
            # Their own entry, read from the directory (no query): a link to edit it.
            my_entry=request.user.is_authenticated
            and next((p for _t, p in directory if p.user_id == request.user.pk), None),
            library=LibraryPage.for_request(request),
            deposits=self.deposits_summary(request, mine),
        )
        return context

    @staticmethod
    def documents(request):
        """The documents this user may see, each with its « réservé » mark."""
        return visible_documents(Resource.objects.for_listing(), request).annotate(
            reserved=reserved_for_participants(request)
        )

    @classmethod
    def common(cls, request):
        """What the area shows alike to every user of this request's audience: the sessions,
        the territories, the directory, the table of contents of the documents by session
        (unfiltered). Small values: the documents themselves are shown by a shared block
        ({% sharedblock %}), the library's link is shared by LibraryPage.for_request."""
        sessions = list(SessionPage.visible_in(request))
        return {
            "sessions": sessions,
            "territories": list(TerritoryPage.visible_in(request)),
            "directory": cls.directory(request),
            "contents": table_of_contents(cls.unfiltered_sections(request, sessions)),
        }

    @classmethod
    def unfiltered_sections(cls, request, sessions):
        """The documents by session and type, unfiltered: read once per request, for the
        table of contents and the block that shows them."""
        return remembered(
            request,
            "home.area.sections",
            lambda: document_sections(cls.documents(request), sessions),
        )

    @path("propositions/", name="proposals")
    def proposals(self, request):
        """/espace-participants/propositions/: a team proposes updates of its territory's
        key issues and actions (territoires.proposals), and reads what became of its
        proposals, and of its territory's only. Served under the area's restriction."""
        territories = list(proposals.team_territories(request))
        form = None
        if territories:
            form = proposals.ProposalForm(
                territories, request.POST if request.method == "POST" else None
            )
            if form.is_bound and form.is_valid():
                proposal, created = proposals.submit(form, request.user)
                if created:
                    messages.success(
                        request,
                        french(
                            "Votre proposition est envoyée aux éditeurs du site : vous lirez "
                            "ici leur décision."
                        ),
                    )
                else:
                    messages.info(
                        request,
                        french(
                            "Cette proposition était déjà envoyée : elle n’est enregistrée "
                            "qu’une fois, et attend la décision des éditeurs."
                        ),
                    )
                return HttpResponseRedirect(f"{self.url}propositions/#proposition-{proposal.pk}")
        elif request.method == "POST":
            messages.error(request, proposals.NOT_YOUR_TERRITORY)
        context = super().get_context(request)
        context.update(
            territories=territories,
            form=form,
            proposals=list(proposals.proposals_of(territories)) if territories else [],
            is_staff=is_staff_member(request),
        )
        response = TemplateResponse(request, "pages/participants_proposals.html", context)
        add_never_cache_headers(response)
        return response

    def deposits_summary(self, request, mine):
        """For a participant of a territory's team: the links to deposit a document and to
        their deposits, with how many wait or were refused (one query); None for anyone
        else (the staff add documents in the admin)."""
        if not mine or not is_participant(request):
            return None
        counts = dict(
            Deposit.objects.filter(depositor=request.user)
            .values_list("state")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {
            "deposit_url": self.url + self.reverse_subpage("deposit"),
            "mine_url": self.url + self.reverse_subpage("my_deposits"),
            "pending": counts.get(Deposit.State.PENDING, 0),
            "refused": counts.get(Deposit.State.REFUSED, 0),
            "accepted": counts.get(Deposit.State.ACCEPTED, 0),
        }

    @staticmethod
    def territories_of(user, directory):
        """The territories whose team counts this user's person, read from the directory (no
        query of its own): the visible territories' teams, published people only."""
        if not user.is_authenticated:
            return []
        mine = {}
        for territory, person in directory:
            if person.user_id == user.pk:
                mine.setdefault(territory.pk, territory)
        return list(mine.values())

    @staticmethod
    def directory(request):
        """Every member of a visible territory's team: name, role, organisation, phone, and
        e-mail where the person agreed to show it (Person.directory_email)."""
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


class SitemapPage(IntroPage):
    """« Plan du site »: every page this visitor may see, as a tree (RGAA asks for two ways to
    find a page; the menu and the search are the others).

    A page of the tree rather than a view: editors name it, move it and write its
    introduction; it has breadcrumbs, is found by the search and listed in /sitemap.xml like
    any page; the footer links to it through its settings (Réglages › Pied de page). The tree
    goes through the visibility rule: a restricted page is named only to who may see it."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/sitemap_page.html"

    class Meta:
        verbose_name = "plan du site"
        verbose_name_plural = "plans du site"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = self.tree(request)
        return context

    @staticmethod
    def tree(request):
        """The site's visible pages below its home page, nested: [{"page", "children"}], in
        the order of the tree, in one query. A page whose parent is not shown (a draft) is
        left out with it: the tree names nothing the menus could not lead to."""
        root = site_root(request)
        if root is None:
            return []
        pages = visible_pages(
            Page.objects.filter(path__startswith=root.path, depth__gt=root.depth).only(
                *PAGE_LINK_FIELDS
            ),
            request,
        ).order_by("path")
        nodes = {root.path: {"page": root, "children": []}}
        for page in pages:
            parent = nodes.get(page.path[: -Page.steplen])
            if parent is None:
                continue
            node = {"page": page, "children": []}
            parent["children"].append(node)
            nodes[page.path] = node
        return nodes[root.path]["children"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(ServedRestrictionsMixin, AbstractEmailForm):
    """« Contact »: Wagtail's form builder, whose submissions the staff read in the admin
    (Formulaires) and receive by e-mail; the partners' addresses beside it. A honeypot and a
    rate limit per address keep robots out without any outside service (home.contact).
    Submissions are personal data: purge_personal_data deletes them after
    CONTACT_RETENTION_DAYS days, as the privacy page says."""

    intro = RichTextField("introduction", features=PARAGRAPH_FEATURES, blank=True)
    thank_you_text = RichTextField(
        "message de confirmation",
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text="Affiché après l’envoi du formulaire.",
    )

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", heading="Champs du formulaire", label="Champ"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="<p>Chaque message est gardé dans Formulaires (menu de gauche), "
                    "lisible par l’équipe seulement, et envoyé par courriel aux adresses "
                    "ci-dessous ; sans adresse, à celle que règle la variable CONTACT_EMAIL du "
                    "serveur. Les messages sont supprimés au bout d’un an.</p>"
                ),
                FieldPanel("to_address"),
                FieldPanel("subject"),
            ],
            heading="Courriel à l’équipe",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/contact_page.html"
    landing_page_template = "pages/contact_page_landing.html"

    class Meta:
        verbose_name = "page de contact"
        verbose_name_plural = "pages de contact"

    def clean(self):
        super().clean()
        names = [get_field_clean_name(field.label) for field in self.form_fields.all()]
        if contact.HONEYPOT_FIELD in names:
            raise ValidationError(
                "Un champ du formulaire ne peut pas s’intituler « Site web » : ce nom est "
                "réservé au champ invisible qui écarte les envois automatiques. Choisissez un "
                "autre intitulé (par exemple « Votre site »)."
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = partners(request)
        context["honeypot_field"] = contact.HONEYPOT_FIELD
        context["retry_minutes"] = settings.CONTACT_RATE_WINDOW_MINUTES
        context["retention_days"] = settings.CONTACT_RETENTION_DAYS
        return context

    def get_form_class(self):
        return contact.with_honeypot(super().get_form_class())

    def serve(self, request, *args, **kwargs):
        response = self.answer(request, *args, **kwargs)
        # The form carries this visitor's CSRF token: never a copy kept for others, neither
        # by the site's page cache (home.page_cache) nor by a proxy.
        add_never_cache_headers(response)
        return response

    def answer(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        if contact.too_many_sendings(request):
            typed = {
                name: value
                for name, value in request.POST.items()
                if name not in (contact.HONEYPOT_FIELD, "csrfmiddlewaretoken")
            }
            context = self.get_context(request)
            context["form"] = self.get_form(page=self, user=request.user, initial=typed)
            context["rate_limited"] = True
            response = TemplateResponse(request, self.get_template(request), context, status=429)
            response["Retry-After"] = str(contact.retry_after_seconds())
            return response
        if contact.is_robot(request.POST):
            # The answer a person gets, and nothing kept or sent (home.contact).
            return self.render_landing_page(request)
        return super().serve(request, *args, **kwargs)

    def process_form_submission(self, form):
        # The honeypot (empty here) is no part of the message.
        form.cleaned_data.pop(contact.HONEYPOT_FIELD, None)
        # Kept first: a mail server that fails loses no message (it is in the admin).
        submission = FormMixin.process_form_submission(self, form)
        try:
            self.send_mail(form)
        except Exception:
            logger.exception("Formulaire de contact : courriel non envoyé (message conservé)")
        return submission

    def recipients(self):
        addresses = [address.strip() for address in self.to_address.split(",")]
        addresses = [address for address in addresses if address]
        if not addresses and settings.CONTACT_EMAIL:
            addresses = [settings.CONTACT_EMAIL]
        return addresses

    def send_mail(self, form):
        recipients = self.recipients()
        if not recipients:
            return
        data = form.cleaned_data
        fields = list(self.get_form_fields())
        subject_value = next(
            (data.get(f.clean_name) for f in fields if f.clean_name == "objet"), ""
        )
        reply_to = [
            data[f.clean_name] for f in fields if f.field_type == "email" and data.get(f.clean_name)
        ]
        subject = self.subject or "Message du formulaire de contact"
        if subject_value:
            subject = f"{subject} : {subject_value}"
        EmailMessage(
            subject=contact.one_line(subject),
            body=self.render_email(form),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=reply_to[:1],
        ).send()

    def render_email(self, form):
        lines = []
        for field in form:
            if field.name == contact.HONEYPOT_FIELD or field.name not in form.cleaned_data:
                continue
            lines.append(f"{field.label} :\n{form.cleaned_data[field.name]}\n")
        lines.append(
            "Ce message est aussi conservé dans l’administration du site (Formulaires), "
            f"pendant {settings.CONTACT_RETENTION_DAYS} jours."
        )
        return "\n".join(lines)


def reserved_for_participants(request):
    """Whether a document is hidden from a visitor without an account (in a restricted
    collection, or not yet released): an annotation, read with the documents in the same
    query. `anyone(request)` reuses the restrictions this request has read."""
    return Case(
        When(hidden_collections_q(anyone(request)) | Q(released_at__isnull=True), then=True),
        default=False,
        output_field=BooleanField(),
    )


class AreaFilters:
    """The area's document filter, read from GET with the library's parameter names (so that
    « the same search in the library » is the same query string): q, seance, type,
    territoire, one value each. A value that names nothing visible is dropped, never an
    error: the form then says « toutes »."""

    def __init__(self, params, sessions, territories):
        self.sessions, self.territories = sessions, territories
        self.query = clean_query(params.get("q"))
        kinds = dict(Resource.Kind.choices)
        self.kind = params.get("type") if params.get("type") in kinds else ""
        numbers = {str(session.number): session for session in sessions}
        self.session = numbers.get((params.get("seance") or "").strip())
        slugs = {territory.slug: territory for territory in territories}
        self.territory = slugs.get((params.get("territoire") or "").strip())
        self.kinds = Resource.Kind.choices

    @property
    def active(self):
        return bool(self.query or self.kind or self.session or self.territory)

    @property
    def params(self):
        values = [
            ("q", self.query),
            ("seance", self.session.number if self.session else ""),
            ("type", self.kind),
            ("territoire", self.territory.slug if self.territory else ""),
        ]
        return [(name, value) for name, value in values if value]

    @property
    def querystring(self):
        return urlencode(self.params)

    def apply(self, documents):
        if self.kind:
            documents = documents.filter(kind=self.kind)
        if self.session:
            documents = documents.filter(session_id=self.session.pk)
        if self.territory:
            documents = documents.filter(territories=self.territory.pk)
        return matching_text(documents, self.query)


@dataclass
class DocumentGroup:
    """The documents of one type in one section (a session, or none), the first few of
    them, and the library's address for all of them."""

    kind: str
    label: str
    documents: list
    total: int
    library_params: str

    @property
    def more(self):
        return self.total - len(self.documents)


@dataclass
class DocumentSection:
    session: object  # None: the documents of no session
    groups: list = dataclasses.field(default_factory=list)

    @property
    def anchor(self):
        return f"seance-{self.session.number}" if self.session else "hors-seance"

    @property
    def total(self):
        return sum(group.total for group in self.groups)


def document_sections(documents, sessions, keep_empty=True):
    """The documents by session (in the sessions' order, then those of no visible session)
    and, within each, by type (in the types' order): the first AREA_DOCUMENTS_SHOWN of each
    group, each group's size and the number of matches, all in one query whatever the number
    of documents (a window over (session, type))."""
    group = [F("session_id"), F("kind")]
    rows = (
        documents.annotate(
            rank=Window(RowNumber(), partition_by=group, order_by=[F("title").asc(), "pk"]),
            group_size=Window(Count("pk"), partition_by=group),
        )
        .filter(rank__lte=AREA_DOCUMENTS_SHOWN)
        .order_by("session_id", "kind", "rank")
    )
    sections = {session.pk: DocumentSection(session) for session in sessions}
    loose = DocumentSection(None)
    groups = {}
    labels = dict(Resource.Kind.choices)
    for document in rows:
        section = sections.get(document.session_id, loose)
        key = (id(section), document.kind)
        if key not in groups:
            params = [("type", document.kind)]
            if section.session is not None:
                params.insert(0, ("seance", section.session.number))
            groups[key] = DocumentGroup(
                document.kind,
                labels.get(document.kind, document.kind),
                [],
                document.group_size,
                urlencode(params),
            )
            section.groups.append(groups[key])
        groups[key].documents.append(document)
    order = {kind: n for n, (kind, _label) in enumerate(Resource.Kind.choices)}
    result = [*sections.values(), loose]
    for section in result:
        section.groups.sort(key=lambda g: order.get(g.kind, len(order)))
    # Every session is named, even without documents; a filter shows only where it matched.
    return [
        section
        for section in result
        if section.groups or (keep_empty and section.session is not None)
    ]


class NewDocuments:
    """The documents this user may see that arrived (were released, or for the staff were
    uploaded) since their previous login; on a first login, the latest ones."""

    def __init__(self, documents, since):
        self.since = since
        arrived = documents.annotate(arrived=Coalesce("released_at", "created_at"))
        if since is not None:
            arrived = arrived.filter(arrived__gt=since)
        self.documents, self.more = first_of(
            arrived.select_related("session").order_by("-arrived", "-pk"), NEW_DOCUMENTS_SHOWN
        )


def table_of_contents(sections):
    """Each section's anchor, label and number of documents: the area's table of contents."""
    return [
        {
            "anchor": section.anchor,
            "label": section.session.label if section.session else "Hors séance",
            "total": section.total,
        }
        for section in sections
    ]


def directory_by_territory(directory, mine):
    """The directory as (territory, people, open): the user's own territory opened first."""
    own = {territory.pk for territory in mine}
    grouped = {}
    for territory, person in directory:
        grouped.setdefault(territory.pk, (territory, []))[1].append(person)
    rows = [(territory, people, territory.pk in own) for territory, people in grouped.values()]
    return sorted(rows, key=lambda row: not row[2])


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
