"""The blocks editors compose pages with: shared by every page type of the site."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from access.visibility import anyone, is_collection_visible

# Rich text carries only what the site's typography styles.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="texte", max_length=200)
    level = blocks.ChoiceBlock(
        label="niveau",
        choices=[("h2", "Titre de section (niveau 2)"), ("h3", "Sous-titre (niveau 3)")],
        default="h2",
        help_text="Un titre de niveau 3 suit toujours un titre de niveau 2.",
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = "Titre"
        template = "components/streamfield/blocks/heading_block.html"
        group = "Texte"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraphe"
        template = "components/streamfield/blocks/paragraph_block.html"
        group = "Texte"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="intitulé", max_length=255)
    text = blocks.RichTextBlock(label="texte", features=PARAGRAPH_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = "Étape"


class StepsBlock(blocks.StructBlock):
    """A numbered sequence, such as the four progressive steps of the formative process."""

    intro = blocks.CharBlock(label="phrase d’introduction", required=False, max_length=500)
    steps = blocks.ListBlock(StepBlock(), label="étapes", min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Étapes numérotées"
        template = "components/streamfield/blocks/steps_block.html"
        group = "Texte"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="titre", required=False, max_length=200)
    text = blocks.RichTextBlock(label="texte", features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "info-circle"
        label = "Encadré"
        template = "components/streamfield/blocks/callout_block.html"
        group = "Texte"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="citation")
    attribution = blocks.CharBlock(label="auteur ou source", required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "components/streamfield/blocks/quote_block.html"
        group = "Texte"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="image")
    alt_text = blocks.CharBlock(
        label="texte alternatif",
        required=False,
        max_length=255,
        help_text="Ce que l’image apporte au texte. Laissez vide si elle est décorative.",
    )
    caption = blocks.CharBlock(label="légende", required=False, max_length=255)

    def get_context(self, value, parent_context=None):
        """An image of a restricted collection is shown only to those who may see it: to
        everyone else its figure is left out, rather than a broken image (home.images answers
        them 404)."""
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request") or anyone()
        image = value.get("image")
        collection = image.collection if image else None
        context["shown"] = bool(
            collection and is_collection_visible(collection.path, collection.depth, request)
        )
        return context

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/streamfield/blocks/image_block.html"
        group = "Médias"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="document")
    label = blocks.CharBlock(
        label="intitulé du lien",
        required=False,
        max_length=255,
        help_text="Laissez vide pour reprendre le titre du document.",
        # Shown only to those who may see the document, so never in the search index.
        search_index=False,
    )

    class Meta:
        icon = "doc-full"
        label = "Document à télécharger"
        template = "components/streamfield/blocks/document_link_block.html"
        group = "Médias"


class ExamplePassageBlock(blocks.RichTextBlock):
    """A passage of a free page that the demo invented (a contact address it cannot know):
    it carries the « Contenu d’exemple » mark on the site until an editor replaces it with a
    paragraph of real text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "warning"
        label = "Passage d’exemple"
        help_text = (
            "Un passage inventé pour la démonstration, marqué « Contenu d’exemple » sur le "
            "site : remplacez-le par un paragraphe au vrai contenu."
        )
        template = "components/streamfield/blocks/example_passage_block.html"
        group = "Texte"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    steps = StepsBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()

    class Meta:
        label = "Contenu"
