"""Test factories for documents (used by the test suite only)."""

from django.core.files.base import ContentFile
from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from documents.collections import public_collection
from documents.models import LibraryPage, Resource
from documents.pipeline import ingest


class ResourceFactory(DjangoModelFactory):
    """A document stored as an upload stores it: through the pipeline."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(b"%PDF-1.4 test", name="support.pdf"))
    collection = factory.LazyFunction(public_collection)
    # Released by default, as the published documents most tests are about; a test of the
    # review passes released_at=None (documents.release).
    released_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return ingest(model_class(*args, **kwargs))


class LibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LibraryPage

    title = "Ressources"
    slug = "ressources"
