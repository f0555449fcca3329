"""The capitalisation: what the formation-action produced, read across the territories.

Built from the published content, never typed twice: the territories' key issues and
short-term actions (territoires), tagged with the site's shared themes (editorial.Theme), and
the sessions. What editors write here is what only they can say: a synthesis per theme, and
the formative process's four steps (which sessions worked on each, what it produced).

Public content only, for every visitor: the capitalisation is the public's product (the
booklet and the open data read it the same way), so a participant-only territory, session or
document never appears in it, even to a participant (capitalisation.reading).
"""

import functools
from datetime import timedelta

from django import forms
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from access.shared import lazy_values
from capitalisation import opendata, reading
from capitalisation.forms import CapitalisationPageForm
from editorial.blocks import PARAGRAPH_FEATURES
from editorial.models import EXAMPLE_ITEMS_HELP, ExampleItemMixin, IntroPage, Theme
from sessions.models import SessionPage


class CapitalisationPage(IntroPage):
    """/capitalisation/: the four steps of the formative process as the thread, then the key
    issues and actions of every territory by theme, with the editors' synthesis of each theme;
    filtered by theme, territory and action state from the address (shareable)."""

    content_panels = IntroPage.content_panels + [
        InlinePanel(
            "steps",
            heading="Le processus formatif",
            label="étape",
            max_num=4,
            help_text="Les quatre étapes du processus formatif (document de présentation) : "
            "ce que chacune a produit, et les séances qui y ont travaillé. " + EXAMPLE_ITEMS_HELP,
        ),
        InlinePanel(
            "syntheses",
            heading="Synthèses par thème",
            label="synthèse",
            help_text="Une synthèse par thème, affichée à côté de ce que les territoires en ont "
            "dit. " + EXAMPLE_ITEMS_HELP,
        ),
    ]
    search_fields = IntroPage.search_fields + [
        index.RelatedFields("syntheses", [index.SearchField("body")]),
        index.RelatedFields("steps", [index.SearchField("produced")]),
    ]

    base_form_class = CapitalisationPageForm
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/capitalisation_page.html"

    class Meta:
        verbose_name = "capitalisation"
        verbose_name_plural = "capitalisations"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Only filters can name nothing: without them, the content is not read for this.
        if reading.filters_key(request.GET) and getattr(response, "context_data", {}).get(
            "unknown_filters"
        ):
            response.status_code = 404  # a shared address that names nothing: said on the page
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the body is rendered, not when it is served ready-made ({% sharedblock %},
        # per filters asked): each value is a lazy one, all read together.
        context.update(
            lazy_values(
                functools.partial(reading.capitalisation, self, request), reading.CONTEXT_NAMES
            )
        )
        context["filters_key"] = reading.filters_key(request.GET)
        # A fixed address, read with no query (this page spends its budget on the content):
        # the open-data page and its files live there, and a renamed page leaves a redirect.
        context["open_data_url"] = opendata.PAGE_ADDRESS
        return context


class ProcessStep(ExampleItemMixin, Orderable, ClusterableModel):
    """One of the four steps of the formative process, in the source's words."""

    class Stage(models.TextChoices):
        KNOWLEDGE = "connaissance", "1. Le partage de la connaissance sur le quartier"
        CULTURE = "culture", "2. Le partage d’une culture commune"
        ISSUES = "enjeux", "3. La définition d’enjeux clés par territoire"
        ACTIONS = "actions", "4. L’identification d’actions par territoire"

    page = ParentalKey(CapitalisationPage, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField("étape", max_length=20, choices=Stage.choices)
    title = models.CharField(
        "intitulé",
        max_length=255,
        help_text="Tel que le formule le document de présentation de la formation-action.",
    )
    produced = RichTextField("ce que l’étape a produit", features=PARAGRAPH_FEATURES, blank=True)
    sessions = ParentalManyToManyField(
        SessionPage,
        verbose_name="séances qui y ont travaillé",
        blank=True,
        related_name="+",
        help_text="Le document de présentation ne dit pas quelle séance a travaillé sur quelle "
        "étape : ne cochez que ce que vous savez, et « Contenu d’exemple » sinon.",
    )

    panels = [
        FieldPanel("stage"),
        FieldPanel("title"),
        FieldPanel("produced"),
        FieldPanel("sessions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("example_content"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "étape du processus formatif"
        verbose_name_plural = "étapes du processus formatif"

    def __str__(self):
        return self.title


class ThemeSynthesis(ExampleItemMixin, Orderable):
    """What the editors draw from the territories' conclusions on one theme."""

    page = ParentalKey(CapitalisationPage, on_delete=models.CASCADE, related_name="syntheses")
    theme = models.ForeignKey(
        Theme, verbose_name="thème", on_delete=models.CASCADE, related_name="syntheses"
    )
    body = RichTextField("synthèse", features=PARAGRAPH_FEATURES)

    panels = [FieldPanel("theme"), FieldPanel("body"), FieldPanel("example_content")]

    class Meta(Orderable.Meta):
        verbose_name = "synthèse par thème"
        verbose_name_plural = "synthèses par thème"

    def __str__(self):
        return f"Synthèse : {self.theme}"


class OpenDataPage(IntroPage):
    """/donnees-ouvertes/: the datasets of the capitalisation, each described by its schema
    (the same definitions that write the files: capitalisation.opendata), with its row
    count, its files' sizes and its last change, and the licence of the data.

    The files themselves are at fixed addresses, /donnees-ouvertes/<jeu>.<format>
    (capitalisation.urls): Wagtail's page addresses take no dot, and an address that a
    reuser's script reads should not follow a renamed page."""

    licence_name = models.CharField(
        "licence des données",
        max_length=255,
        default=opendata.DEFAULT_LICENCE,
        help_text="Le nom de la licence sous laquelle les données sont publiées ; la Licence "
        "Ouverte d’Etalab est celle des administrations françaises.",
    )
    licence_url = models.URLField(
        "adresse du texte de la licence",
        default=opendata.DEFAULT_LICENCE_URL,
        help_text="Repris dans chaque fichier JSON et dans le descriptif des jeux de données.",
    )

    content_panels = IntroPage.content_panels + [
        FieldPanel("licence_name"),
        FieldPanel("licence_url"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/open_data_page.html"

    class Meta:
        verbose_name = "données ouvertes"
        verbose_name_plural = "pages de données ouvertes"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publication = opendata.Publication(self, request)
        context["catalogue"] = publication.catalogue()
        context["schema_version"] = opendata.SCHEMA_VERSION
        context["descriptor_url"] = opendata.file_url(opendata.DESCRIPTOR, "json")
        context["list_delimiter"] = opendata.LIST_DELIMITER
        return context


class OpenDataStamp(models.Model):
    """When a dataset's content last changed: its fingerprint (capitalisation.opendata) and
    the moment it was first met. The files' `Last-Modified` and the page's dates come from
    here: a row that leaves a dataset (unpublished, restricted, deleted) leaves no date of
    its own behind, but it changes the fingerprint.

    Written while visitors read the data, only when the content has changed, by queries
    that send no signal: a new date is not a change of content (home.page_cache)."""

    dataset = models.CharField("jeu de données", max_length=50, unique=True)
    fingerprint = models.CharField("empreinte", max_length=64)
    modified_at = models.DateTimeField("modifié le")

    class Meta:
        verbose_name = "date d’un jeu de données ouvertes"
        verbose_name_plural = "dates des jeux de données ouvertes"

    def __str__(self):
        return self.dataset

    @classmethod
    def date(cls, fingerprints):
        """{dataset: when its content last changed}, for these {dataset: fingerprint}; a new
        fingerprint is dated now, to the second as HTTP dates are, and always after the
        previous date: a client holding the previous content, dated the same second, would
        otherwise be told by `If-Modified-Since` that it has not changed."""
        known = {
            stamp.dataset: stamp for stamp in cls.objects.filter(dataset__in=list(fingerprints))
        }
        now = timezone.now().replace(microsecond=0)
        dates, new = {}, []
        for name, fingerprint in fingerprints.items():
            stamp = known.get(name)
            if stamp is not None and stamp.fingerprint == fingerprint:
                dates[name] = stamp.modified_at
                continue
            if stamp is None:
                dates[name] = now
                new.append(cls(dataset=name, fingerprint=fingerprint, modified_at=now))
            else:
                dates[name] = max(now, stamp.modified_at + timedelta(seconds=1))
                cls.objects.filter(pk=stamp.pk).update(
                    fingerprint=fingerprint, modified_at=dates[name]
                )
        if new:
            cls.objects.bulk_create(new, ignore_conflicts=True)  # two first readers at once
        return dates
