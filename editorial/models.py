"""Field mixins shared by the page types of every app."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


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
