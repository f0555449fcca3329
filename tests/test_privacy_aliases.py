"""An alias is exactly as private as its source, wherever either stands and whenever either
moves: on the page itself, in the anonymous page cache and in every listing.

Wagtail serves an alias under the restrictions of its own ancestors and of its source page, but
not of its source's ancestors, and copies restrictions to an alias only when it is made. The
site's one rule (access.visibility) follows every alias to its source and the source's section,
for every user; these tests run for the four users of the privacy matrix, with the page cache
switched off and on."""

from django.core.cache import caches
from django.test import Client

from wagtail.models import Page

import pytest

from access.visibility import anyone, is_page_visible, visible_pages
from home.factories import ContentPageFactory
from home.page_cache import CACHE_ALIAS, HEADER

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Compte rendu confidentiel du groupe"
LISTINGS = ["/", "/sitemap.xml", "/flux.xml", "/recherche/?q=confidentiel"]


@pytest.fixture(params=["sans cache", "avec cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = 300 if request.param == "avec cache" else 0
    caches[CACHE_ALIAS].clear()
    yield request.param
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def tree(home_page, restrict_to_participants):
    area = ContentPageFactory(
        parent=home_page, title="Espace participants", slug="espace-participants"
    )
    restrict_to_participants(area)
    about = ContentPageFactory(parent=home_page, title="La formation-action", slug="la-formation")
    return {"home": home_page, "area": area, "about": about}


def secret_page(parent, slug="notes"):
    return ContentPageFactory(parent=parent, title=SECRET, slug=slug, lead=SECRET)


def assert_served_only_to_those_who_may(audience, url):
    """The page for participants and staff; for the others the answer a missing page gets, with
    nothing of the page in it, the first time and from the cache."""
    for _ in range(2):
        response = audience.get(url)
        if audience.may_see_restricted:
            assert response.status_code == 200, url
            assert SECRET in visible_text(response)
        else:
            assert response.status_code != 200, url
            assert SECRET not in response.content.decode()
            assert response.get(HEADER) != "hit"


def assert_listed_only_to_those_who_may(audience, alias):
    for url in LISTINGS:
        text = audience.get(url).content.decode()
        if url in ("/sitemap.xml", "/flux.xml") or not audience.may_see_restricted:
            assert SECRET not in text, url
            assert alias.url_path.rstrip("/").rsplit("/", 1)[-1] not in text, url


def test_an_alias_in_a_public_section_of_a_page_of_the_participants_area(
    audience, page_cache, tree
):
    source = secret_page(tree["area"])
    alias = source.create_alias(parent=tree["home"], update_slug="notes-alias")
    assert_served_only_to_those_who_may(audience, "/notes-alias/")
    assert_listed_only_to_those_who_may(audience, alias)


def test_an_alias_whose_source_moves_into_the_participants_area_afterwards(
    audience, page_cache, tree
):
    source = secret_page(tree["about"])
    alias = source.create_alias(parent=tree["about"], update_slug="notes-alias")
    anonymous = Client()
    assert anonymous.get("/la-formation/notes-alias/").status_code == 200  # public, cached
    source.move(tree["area"], pos="last-child")
    source.refresh_from_db()
    source.lead = f"{SECRET}, complété"
    source.save_revision().publish()  # Wagtail copies the new text to the alias
    assert_served_only_to_those_who_may(audience, "/la-formation/notes-alias/")
    assert_listed_only_to_those_who_may(audience, Page.objects.get(pk=alias.pk))


def test_an_alias_made_after_the_section_was_restricted_and_one_made_before(
    audience, page_cache, tree, restrict_to_participants
):
    before = secret_page(tree["about"], slug="avant")
    alias_before = before.create_alias(parent=tree["home"], update_slug="avant-alias")
    restrict_to_participants(tree["about"])
    after = secret_page(tree["about"], slug="apres")
    after.create_alias(parent=tree["home"], update_slug="apres-alias")
    for url in ("/avant-alias/", "/apres-alias/"):
        assert_served_only_to_those_who_may(audience, url)
    assert_listed_only_to_those_who_may(audience, alias_before)


def test_an_alias_of_an_alias_and_a_page_added_under_an_alias_section(audience, page_cache, tree):
    """Aliasing a section aliases its pages too; an alias of one of those points at the
    original; a page an editor adds under the aliased section is seen under the section's
    source, as Wagtail serves it."""
    section = secret_page(tree["area"], slug="seance-2")
    secret_page(section)
    section.create_alias(parent=tree["home"], update_slug="seance-2-alias", recursive=True)
    child_alias = Page.objects.get(url_path__endswith="/seance-2-alias/notes/")
    child_alias.create_alias(parent=tree["about"], update_slug="notes-alias")
    secret_page(Page.objects.get(url_path__endswith="/seance-2-alias/"), slug="ajoutee")
    for url in (
        "/seance-2-alias/",
        "/seance-2-alias/notes/",
        "/seance-2-alias/ajoutee/",
        "/la-formation/notes-alias/",
    ):
        assert_served_only_to_those_who_may(audience, url)


def test_an_alias_of_a_public_page_stays_public(audience, page_cache, tree):
    source = ContentPageFactory(parent=tree["about"], title="Le programme", slug="programme")
    source.create_alias(parent=tree["home"], update_slug="programme-alias")
    for _ in range(2):
        response = audience.get("/programme-alias/")
        assert response.status_code == 200
        assert "Le programme" in visible_text(response)


def test_wagtails_own_check_and_the_site_rule_agree_on_every_page(tree):
    """Wagtail's check before serving reads `get_view_restrictions`; listings and the site's
    serving check read the visibility rule. On a tree with every shape of alias, a page has
    restrictions exactly when anyone is refused it."""
    source = secret_page(tree["area"])
    source.create_alias(parent=tree["home"], update_slug="notes-alias")
    section = ContentPageFactory(parent=tree["area"], title="Séance 2", slug="seance-2")
    secret_page(section)
    section_alias = section.create_alias(
        parent=tree["about"], update_slug="seance-2-alias", recursive=True
    )
    secret_page(section_alias, slug="ajoutee")
    public = ContentPageFactory(parent=tree["about"], slug="programme")
    public.create_alias(parent=tree["home"], update_slug="programme-alias")
    everyone = anyone()
    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert len(pages) >= 10
    for page in pages:
        restricted = page.get_view_restrictions().exists()
        assert restricted == (not is_page_visible(page, everyone)), page.url_path
        listed = visible_pages(Page.objects.filter(pk=page.pk), everyone).exists()
        assert listed == (not restricted), page.url_path
