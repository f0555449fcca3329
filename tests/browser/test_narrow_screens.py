"""Every page type on the narrowest phones (320 px): nothing wider than the screen, no button
split across lines; and on a 390 px phone, the map's markers are a finger's size with a
legend, and the open menu is one list (issue #18, points 3 and 4)."""

import itertools

import pytest
from playwright.sync_api import expect

from documents.models import LibraryPage, Resource
from home.models import ContentPage
from sessions.models import SessionIndexPage, SessionPage
from territoires.models import TerritoryIndexPage, TerritoryPage

from .layout import overflowing, scroll_width, split_buttons
from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}
FINGER = 44  # px: the smallest comfortable tap target


def page_types():
    return {
        "accueil": "/",
        "liste des séances": SessionIndexPage.objects.get().url,
        "séance": SessionPage.objects.get(number=1).url,
        "liste des territoires": TerritoryIndexPage.objects.get().url,
        "territoire": TerritoryPage.objects.get(slug="saint-etienne-metropole").url,
        "bibliothèque": LibraryPage.objects.get().url,
        "page d’un document": LibraryPage.objects.get().document_path(
            Resource.objects.get(title="Programme de la séance 1")
        ),
        "capitalisation": "/capitalisation/",
        "page de contenu": ContentPage.objects.get(slug="la-formation").url,
        "recherche": "/recherche/?q=emploi",
        "connexion": "/connexion/?next=/espace-participants/",
    }


def problems(page, base, urls):
    found = {}
    for name, url in urls.items():
        page.goto(base + url)
        width = scroll_width(page)
        wide, split = overflowing(page), split_buttons(page)
        if width > NARROWEST["width"] or wide or split:
            found[name] = {"scrollWidth": width, "trop larges": wide[:5], "boutons coupés": split}
    return found


def test_no_page_type_is_wider_than_a_320_px_screen_nor_splits_a_button(page, demo_site):
    page.set_viewport_size(NARROWEST)
    assert problems(page, demo_site, page_types()) == {}
    # The menu, open, stays within the screen too.
    page.goto(demo_site + "/")
    page.get_by_role("button", name="Menu").click()
    assert overflowing(page) == [] and split_buttons(page) == []


def test_the_participants_pages_fit_a_320_px_screen_too(page, demo_site):
    page.set_viewport_size(NARROWEST)
    log_in_to_the_site(page, demo_site, "participant")
    urls = {
        "espace participants": "/espace-participants/",
        "séance, vue d’un participant": SessionPage.objects.get(number=1).url,
        "territoire, vue d’un participant": TerritoryPage.objects.get(slug="grenoble").url,
        # The group's collaborative platform (#19) and the account's pages.
        "dépôt d’un document": "/espace-participants/deposer/",
        "mes dépôts": "/espace-participants/mes-depots/",
        "propositions du territoire": "/espace-participants/propositions/",
        "compte": "/compte/",
        "fiche de l’annuaire": "/compte/annuaire/",
        "courriels de nouveautés": "/compte/notifications/",
    }
    assert problems(page, demo_site, urls) == {}


def test_the_measure_finds_what_overflows_and_what_splits(page, demo_site):
    """The checks can fail: a block wider than the screen and a button link whose text wraps
    into two boxes are both reported."""
    page.set_viewport_size(NARROWEST)
    page.goto(demo_site + "/")
    # Styled through the DOM, as the page's Content-Security-Policy forbids style attributes.
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            const wide = document.createElement('div');
            wide.className = 'too-wide';
            wide.textContent = 'x';
            wide.style.width = '400px';
            main.append(wide);
            const box = document.createElement('p');
            box.style.width = '150px';
            const link = document.createElement('a');
            link.className = 'button-split';
            link.href = '#';
            link.style.display = 'inline';
            link.style.border = '2px solid';
            link.textContent = 'bouton au texte assez long pour passer à la ligne';
            box.append(link);
            main.prepend(box);
        }"""
    )
    assert scroll_width(page) > NARROWEST["width"]
    assert "DIV.too-wide" in overflowing(page)
    assert split_buttons(page) == ["bouton au texte assez long pour passer à la ligne"]


def test_on_a_phone_the_maps_markers_are_a_fingers_size_and_named_under_it(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + TerritoryIndexPage.objects.get().url)
    markers = page.locator(".territory-map__point")
    expect(markers).to_have_count(8)
    for marker in markers.all():
        box = marker.bounding_box()
        assert box["width"] >= FINGER and box["height"] >= FINGER, marker.get_attribute(
            "aria-label"
        )
    # A tap on the edge of a marker's target reaches that territory, not a neighbour.
    grenoble = page.get_by_role("link", name="3. Grenoble")
    box = grenoble.locator(".territory-map__hit").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 3)
    expect(page).to_have_url(demo_site + TerritoryPage.objects.get(slug="grenoble").url)
    # The legend under the map names each number.
    page.go_back()
    legend = page.locator(".territory-map__legend li")
    expect(legend).to_have_count(8)
    expect(legend.nth(2)).to_have_text("3 Grenoble")
    expect(legend.first).to_be_visible()


def test_on_a_phone_the_open_menu_is_one_list_with_one_login_link(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/")
    page.get_by_role("button", name="Menu").click()
    links = page.locator("#main-nav-list a")
    boxes = [link.bounding_box() for link in links.all()]
    assert len(boxes) >= 6
    # One link a line, under each other, at the same left edge, each a finger's height.
    assert len({round(box["x"]) for box in boxes}) == 1
    assert all(b["y"] >= a["y"] + a["height"] - 1 for a, b in itertools.pairwise(boxes))
    assert all(box["height"] >= FINGER for box in boxes)
    expect(page.locator("header").get_by_role("link", name="Se connecter")).to_have_count(1)
    assert overflowing(page) == []
