"""Field mixins and abstract pages shared by the page types of every app."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from access.visibility import ServedRestrictionsMixin, visible_pages
from editorial.blocks import PARAGRAPH_FEATURES

# « Contenu d’exemple »: the source document says nothing of the sessions' programmes or of
# the territories' neighbourhoods, teams, key issues and actions. The demo fills them with
# plausible French text, and marks what it invented, no more: a section of a page
# (`example_flag`), or each item of a list (`ExampleItemMixin`), so that what an editor adds
# or corrects is never labelled invented, and an editor lifts the mark by unticking it.

EXAMPLE_SECTION_HELP = (
    "Cochez tant que cette section est inventée pour la démonstration : elle porte alors "
    "la mention « Contenu d’exemple » sur le site. Décochez-la dès que le vrai contenu l’a "
    "remplacée."
)
EXAMPLE_ITEMS_HELP = (
    "« Contenu d’exemple » est coché sur les éléments inventés pour la démonstration : ils "
    "portent cette mention sur le site. Un élément que vous ajoutez ne l’est pas ; décochez un "
    "élément inventé dès que vous l’avez remplacé par le vrai."
)


def example_flag(section):
    """The « contenu d’exemple » checkbox of one section of a page; `section` names it where
    the admin lists fields side by side (« Contenu d’exemple (programme) » when comparing
    revisions). Its panel shows it as « Contenu d’exemple », under the section it marks
    (`example_panel`)."""
    return models.BooleanField(
        f"contenu d’exemple ({section})", default=False, help_text=EXAMPLE_SECTION_HELP
    )


def example_panel(field_name):
    return FieldPanel(field_name, heading="Contenu d’exemple")


class ExampleItemMixin(models.Model):
    """An item of a list on a page (a key issue, an action…) that the demo may have invented."""

    example_content = models.BooleanField(
        "contenu d’exemple",
        default=False,
        help_text="Cochez si cet élément est inventé pour la démonstration ; décochez-le "
        "quand il est vrai.",
    )

    class Meta:
        abstract = True


class ExampleMarks:
    """A list of items as a page shows it, with the « Contenu d’exemple » marks of its
    invented ones: on the section's heading when every item is invented (`whole`), else
    beside each invented item (`rows`: [(item, marked)]), never on what an editor added."""

    def __init__(self, items):
        self.items = list(items)
        flags = [item.example_content for item in self.items]
        self.whole = bool(flags) and all(flags)
        self.any = any(flags)
        self.rows = [(item, item.example_content and not self.whole) for item in self.items]

    def __bool__(self):
        return bool(self.items)


class ExampleContentMixin(models.Model):
    """A free page whose text is partly invented for the demo (the legal pages' details): the
    invented parts sit inside one body, so the page as a whole carries the notice."""

    example_content = models.BooleanField(
        "contenu d’exemple",
        default=False,
        help_text=(
            "Cochez tant que la page contient des informations inventées pour la "
            "démonstration : elle porte alors un avertissement « Contenu d’exemple ». "
            "Décochez dès que tout y est vrai."
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
    def long_fields(cls):
        """What a list of these pages never shows and need not read: their body's blocks (a
        session's programme and report, a territory's shared knowledge), the largest part of
        a row. A list that shows one would pay a query per page: the query budgets say so."""
        return [field.name for field in cls._meta.concrete_fields if isinstance(field, StreamField)]

    @classmethod
    def visible_in(cls, request, parent=None):
        """The pages of this type this request's user may see, in the series' order; only
        the children of `parent` when given."""
        pages = cls.objects.defer(*cls.long_fields())
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


class Theme(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """The site's shared themes: offered in the library's facets, named in documents'
    metadata, tagged on the territories' key issues and actions (the capitalisation reads
    them by theme). An edit is a draft until the editorial workflow publishes it
    (access.roles); the row holds the published version.

    Here, under every app that tags with it: the documents, territories and capitalisation
    apps all name it, and imports flow one way."""

    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    description = models.TextField("description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "thème"
        verbose_name_plural = "thèmes"

    def __str__(self):
        return self.name
