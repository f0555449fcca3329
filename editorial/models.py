"""Field mixins and abstract pages shared by the page types of every app."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from editorial.blocks import PARAGRAPH_FEATURES
from people.visibility import ServedRestrictionsMixin


class ExampleContentMixin(models.Model):
    """Marks pages whose content is partly invented for the demo.

    The source document says nothing of the sessions' programmes or of the territories'
    neighbourhoods, key issues and actions: the demo fills them with plausible French text,
    and this flag makes every such section say « Contenu d’exemple » so nobody takes it for
    the record.
    """

    example_content = models.BooleanField(
        "contenu d’exemple",
        default=False,
        help_text=(
            "Cochez tant que la page contient du contenu inventé pour la démonstration : "
            "les sections concernées portent alors la mention « Contenu d’exemple »."
        ),
    )

    example_content_panels = [
        MultiFieldPanel([FieldPanel("example_content")], heading="Contenu d’exemple")
    ]

    class Meta:
        abstract = True


class IntroPage(ServedRestrictionsMixin, Page):
    """A page that opens with an introduction: the indexes, the library, the areas."""

    intro = RichTextField("introduction", features=PARAGRAPH_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True
