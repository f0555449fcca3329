"""The capitalisation: what the formation-action produced, read across the territories.

Built from the published content, never typed twice: the territories' key issues and
short-term actions (territoires), tagged with the site's shared themes (editorial.Theme), and
the sessions. What editors write here is what only they can say: a synthesis per theme, and
the formative process's four steps (which sessions worked on each, what it produced).

Public content only, for every visitor: the capitalisation is the public's product (the
booklet and the open data read it the same way), so a participant-only territory, session or
document never appears in it, even to a participant (capitalisation.reading).
"""

from django import forms
from django.db import models

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from capitalisation import reading
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
        if getattr(response, "context_data", {}).get("unknown_filters"):
            response.status_code = 404  # a shared address that names nothing: said on the page
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(reading.capitalisation(self, request))
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
