"""Resources: the documents the formation-action produced, and the library that lists them."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from documents.storage import get_private_storage
from editorial.blocks import PARAGRAPH_FEATURES
from people.visibility import visible_documents


class Resource(AbstractDocument):
    """A document of the formation-action (named so to avoid clashing with wagtaildocs.Document)."""

    # Stored outside MEDIA_ROOT from the first migration (see documents.storage).
    file = models.FileField("fichier", upload_to="documents", storage=get_private_storage)
    description = models.TextField("description", blank=True)

    admin_form_fields = ("title", "file", "collection", "description", "tags")
    search_fields = AbstractDocument.search_fields + [index.SearchField("description")]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    def save(self, *args, **kwargs):
        # The admin's forms fill size and hash; documents created in code (demo, imports) too.
        if self.file and (self.file_size is None or not self.file_hash):
            self._set_document_file_metadata()
        super().save(*args, **kwargs)


@register_snippet
class Theme(index.Indexed, models.Model):
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


class LibraryPage(Page):
    """/ressources/: the resource library (search and facets come with the documents' metadata)."""

    intro = RichTextField("introduction", features=PARAGRAPH_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/library_page.html"

    class Meta:
        verbose_name = "bibliothèque de ressources"
        verbose_name_plural = "bibliothèques de ressources"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = Resource.objects.select_related("collection").order_by("-created_at", "title")
        context["documents"] = visible_documents(documents, request)
        return context
