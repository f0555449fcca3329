"""The five sessions (séances) of the formation-action, and the place where they were held."""

import datetime
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.search import index

from access.shared import shared
from access.visibility import anyone, is_page_visible
from editorial.blocks import PARAGRAPH_FEATURES, BodyBlock
from editorial.models import IntroPage, ListedPage, example_flag, example_panel
from sessions.blocks import ObjectivesBlock, ProgrammeBlock
from sessions.forms import SessionPageForm

PARIS = ZoneInfo("Europe/Paris")
CALENDAR_NAME = "Formation-action Développement économique urbain 2014"
CALENDAR_SUFFIX = "calendrier.ics"


class Place(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Shown on the session pages: an edit is a draft until the editorial workflow publishes
    it (access.roles). The row holds the published version."""

    name = models.CharField("nom du lieu", max_length=255, unique=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    locality = models.CharField("commune", max_length=255)
    locality_note = models.CharField(
        "situation", max_length=255, blank=True, help_text="Par exemple « près de Vienne »."
    )
    latitude = models.DecimalField(
        "latitude", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=9, decimal_places=6, null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("locality")]),
        FieldPanel("locality_note"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading="Coordonnées"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("locality")]

    class Meta:
        ordering = ["name"]
        verbose_name = "lieu"
        verbose_name_plural = "lieux"

    def __str__(self):
        return self.name

    @property
    def locality_label(self):
        """« Sainte-Colombe (près de Vienne) »."""
        if self.locality_note:
            return f"{self.locality} ({self.locality_note})"
        return self.locality


def paris_time(day, time):
    """« 2014-03-27T09:30:00+01:00 »: a wall-clock time in France, with its offset."""
    return datetime.datetime.combine(day, time, tzinfo=PARIS).isoformat()


def calendar_url(page, request):
    """The address of a page's calendar (its own address + « calendrier.ics »), for public
    pages only: calendars are built for anyone, whoever asks (see sessions.views)."""
    return page.url + CALENDAR_SUFFIX if is_page_visible(page, anyone(request)) else ""


class SessionIndexPage(IntroPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["formation_sessions.SessionPage"]
    max_count = 1
    template = "pages/session_index_page.html"

    class Meta:
        verbose_name = "liste des séances"
        verbose_name_plural = "listes des séances"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = SessionPage.visible_in(request, self)
        context["calendar_url"] = calendar_url(self, request)
        return context

    def calendar(self, everyone):
        """Every public session: one subscription for the whole formation-action."""
        sessions = SessionPage.visible_in(everyone, self)
        return sessions, CALENDAR_NAME, "seances-formation-deu-2014.ics"


class SessionPage(ListedPage):
    number = models.PositiveSmallIntegerField(
        "numéro",
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text="Rang de la séance dans la formation-action (1 à 5).",
    )
    date = models.DateField("date")
    # The session's own times, entered by an editor who knows them. The source says only « 5
    # journées complètes »: without them a session is a whole day in the calendars and in the
    # structured data, whatever its programme's slots say (those may be invented).
    start_time = models.TimeField(
        "heure de début",
        null=True,
        blank=True,
        help_text="Laissez vide si l’horaire n’est pas connu : la séance est alors annoncée "
        "comme une journée entière (calendriers, moteurs de recherche).",
    )
    end_time = models.TimeField(
        "heure de fin",
        null=True,
        blank=True,
        help_text="Seulement avec une heure de début, et après elle.",
    )
    place = models.ForeignKey(
        Place,
        verbose_name="lieu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.CharField(
        "thème", max_length=255, help_text="Le thème de la journée, en une phrase courte."
    )
    summary = models.TextField(
        "résumé",
        blank=True,
        help_text="Deux ou trois phrases, reprises dans les listes de séances.",
    )
    objectives = StreamField(ObjectivesBlock(), verbose_name="objectifs de la séance", blank=True)
    programme = StreamField(
        ProgrammeBlock(),
        verbose_name="programme",
        blank=True,
        help_text="Les créneaux de la journée, dans l’ordre.",
    )
    report = StreamField(
        BodyBlock(),
        verbose_name="compte rendu",
        blank=True,
        help_text="Le compte rendu de la séance, une fois celle-ci passée.",
    )
    on_site_work = RichTextField(
        "travaux sur site avant la séance suivante", features=PARAGRAPH_FEATURES, blank=True
    )
    # What the source document does not say of a session (it gives its number, date and
    # place), each marked apart: « Contenu d’exemple » until an editor unticks it.
    theme_example = example_flag("thème et résumé")
    objectives_example = example_flag("objectifs")
    programme_example = example_flag("programme")
    report_example = example_flag("compte rendu")
    on_site_work_example = example_flag("travaux sur site")

    content_panels = [
        TitleFieldPanel(
            "title",
            help_text="Par convention « Séance N — date », par exemple « Séance 6 — 11 décembre "
            "2014 » : les listes, le calendrier et l’accueil reprennent ce titre.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "number",
                            help_text="Rang de la séance dans la formation-action : 1 pour "
                            "la première, puis 2, 3… (une séance ajoutée prend le suivant).",
                        ),
                        FieldPanel("date"),
                    ]
                ),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("place"),
            ],
            heading="Quand et où",
        ),
        MultiFieldPanel(
            [
                FieldPanel("theme"),
                FieldPanel("summary"),
                example_panel("theme_example"),
                FieldPanel("objectives"),
                example_panel("objectives_example"),
            ],
            heading="Thème et objectifs",
        ),
        MultiFieldPanel(
            [FieldPanel("programme"), example_panel("programme_example")], heading="Programme"
        ),
        MultiFieldPanel(
            [FieldPanel("report"), example_panel("report_example")], heading="Compte rendu"
        ),
        MultiFieldPanel(
            [FieldPanel("on_site_work"), example_panel("on_site_work_example")],
            heading="Travaux sur site avant la séance suivante",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("theme", boost=3),
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("programme"),
        index.SearchField("report"),
        index.SearchField("on_site_work"),
        index.FilterField("number"),
        index.FilterField("date"),
    ]

    parent_page_types = ["formation_sessions.SessionIndexPage"]
    subpage_types = []
    template = "pages/session_page.html"
    base_form_class = SessionPageForm
    listing_order = ("number",)
    listing_related = ("place",)

    class Meta:
        ordering = ["number"]
        verbose_name = "séance"
        verbose_name_plural = "séances"

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every user of an audience until the content changes (access.shared).
        pager = dict(shared(request, f"seance-voisines:{self.pk}", lambda: self.pager(request)))
        place = pager.pop("place")
        if place is not None and place.pk == self.place_id:
            self.place = place  # read with the sessions: no query of its own
        context.update(pager)
        context["calendar_url"] = calendar_url(self, request)
        # Its documents point at it (documents.Resource.session), so editors never enter a
        # document twice: the page reads them by type there ({% documents_by_kind %}).
        return context

    def pager(self, request):
        """The sessions before and after this one, how many there are, and this session's
        place, read with them."""
        # The sessions beside this one (same parent, found by path: the parent is not read),
        # without their long fields: the pager shows their number and theme.
        siblings = list(
            SessionPage.visible_in(request)
            .filter(path__startswith=self.path[: -self.steplen], depth=self.depth)
            .defer("summary", "objectives", "programme", "report", "on_site_work")
        )
        return {
            "previous_session": next(
                (s for s in reversed(siblings) if s.number < self.number), None
            ),
            "next_session": next((s for s in siblings if s.number > self.number), None),
            "session_count": len(siblings),
            "place": next((s.place for s in siblings if s.pk == self.pk), None),
        }

    @property
    def public_place(self):
        """The place as the public sees it: none while the place is only a draft (a new place
        is published through the editorial workflow, like the session itself)."""
        place = self.place
        return place if place is not None and place.live else None

    @property
    def has_example_content(self):
        """Whether a part of the page is marked « Contenu d’exemple » (its notice says so)."""
        return any(
            [
                self.theme_example,
                self.objectives_example,
                self.programme_example,
                self.report_example,
                self.on_site_work_example,
            ]
        )

    @property
    def example_fields(self):
        """The fields whose text is an invented example: left out where no badge can say so
        (descriptions for search engines and feeds)."""
        return {"theme", "summary"} if self.theme_example else set()

    @property
    def is_past(self):
        """Whether the session has taken place (those of 2014 have): the page then tells it
        in the past, and the calendar is a discreet link, not a call to add it."""
        return self.date < timezone.localdate()

    @property
    def label(self):
        """« Séance 1 »."""
        return f"Séance {self.number}"

    @property
    def heading(self):
        """The page's heading: what the session was about (its theme), not its number, which
        the line above it gives with the date."""
        return self.theme or self.title

    @property
    def browser_title(self):
        """The window's and the search engines' title: the theme and the session, unless the
        theme is an invented example, which has no badge there to say so."""
        if self.seo_title:
            return self.seo_title
        return self.event_name if self.theme and not self.theme_example else self.title

    def time_span(self):
        """The start and end times an editor entered (None for either one not entered). The
        programme's slots are not the session's times: they may be invented examples."""
        start = self.start_time
        end = self.end_time if start is not None and self.end_time is not None else None
        if end is not None and end <= start:
            end = None
        return start, end

    @property
    def event_name(self):
        """The session's name in calendars and structured data: with its theme unless the
        theme is an invented example, which has no badge there to say so."""
        if self.theme and not self.theme_example:
            return f"{self.label} — {self.theme}"
        return self.title

    @property
    def event_description(self):
        """The summary for calendars and structured data, marked when it is invented."""
        if not self.summary:
            return ""
        if self.theme_example:
            return f"Contenu d’exemple (inventé pour la démonstration) : {self.summary}"
        return self.summary

    def structured_data(self, request):
        """schema.org Event: what search engines show of a session. Without times entered by
        an editor, a whole day: dates without a time."""
        start, end = self.time_span()
        day = self.date.isoformat()
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.event_name,
            "startDate": paris_time(self.date, start) if start else day,
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "url": self.get_full_url(request),
            "inLanguage": "fr",
        }
        if end:
            data["endDate"] = paris_time(self.date, end)
        elif not start:
            data["endDate"] = day
        if self.event_description:
            data["description"] = self.event_description
        place = self.public_place
        if place:
            data["location"] = {
                "@type": "Place",
                "name": place.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": place.address,
                    "postalCode": place.postal_code,
                    "addressLocality": place.locality,
                    "addressCountry": "FR",
                },
            }
        return data

    def calendar(self, everyone):
        """This session alone, to add to one's calendar (the view checked it is public)."""
        filename = f"seance-{self.number}-formation-deu-2014.ics"
        return [self], f"{CALENDAR_NAME} — {self.label}", filename
