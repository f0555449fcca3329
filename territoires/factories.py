"""Test factories for territories (used by the test suite only)."""

import factory
import wagtail_factories

from territoires.models import TerritoryIndexPage, TerritoryPage


class TerritoryIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TerritoryIndexPage

    title = "Les territoires"
    slug = "territoires"


class TerritoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TerritoryPage

    title = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    kind = TerritoryPage.Kind.MUNICIPALITY
