"""Field mixins and abstract pages shared by the page types of every app."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from access.visibility import ServedRestrictionsMixin, visible_pages
from editorial.blocks import PARAGRAPH_FEATURES


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


class ListedPage(ServedRestrictionsMixin, Page):
    """A page of a series that its index, the home page and the participants' area list in
    order: the sessions, the territories."""

    # The order of the series' lists, and what a list reads with each page.
    listing_order = ("path",)
    listing_related = ()

    class Meta:
        abstract = True

    @classmethod
    def visible_in(cls, request, parent=None):
        """The pages of this type this request's user may see, in the series' order; only
        the children of `parent` when given."""
        pages = cls.objects.all()
        if parent is not None:
            pages = pages.child_of(parent)
        if cls.listing_related:
            pages = pages.select_related(*cls.listing_related)
        return visible_pages(pages, request).order_by(*cls.listing_order)


def first_of(items, count):
    """The first `count` items of a list that goes on elsewhere (« the first twelve and a link
    to the rest »), and whether more follow: a queryset reads one row more, no count query."""
    items = list(items[: count + 1])
    return items[:count], len(items) > count
