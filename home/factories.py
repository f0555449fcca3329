"""Test factories for the home app (used by the test suite only)."""

import factory
import wagtail_factories

from home.models import ContentPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Développement économique urbain"
    slug = "accueil"


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
