"""Nothing moves after the first paint: the cumulative layout shift (Chromium's Layout
Instability API) of every page type, on a phone and on a desktop, is zero.

The site's script arrives late here on purpose, as on a slow phone network: a page that only
takes its final layout once the script has run (a menu folded by the script, say) shifts.
"""

import time

import pytest

from documents.models import LibraryPage, ResourceCollectionPage
from home.models import ContentPage
from sessions.models import SessionIndexPage, SessionPage
from territoires.models import TerritoryIndexPage, TerritoryPage

from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"mobile": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}
SCRIPT_DELAY = 0.4  # seconds: the page is painted well before the script runs
# Layout shifts are summed as they happen; the page is read once it has settled.
CUMULATIVE_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  const moved = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      total += entry.value;
      for (const source of entry.sources) {
        const node = source.node;
        moved.push(node && node.className ? String(node.className) : String(node && node.nodeName));
      }
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({total, moved}), 300);
})"""


def page_types():
    return {
        "accueil": "/",
        "page de contenu": ContentPage.objects.get(slug="la-formation").url,
        "liste des séances": SessionIndexPage.objects.get().url,
        "séance": SessionPage.objects.get(number=1).url,
        "liste des territoires": TerritoryIndexPage.objects.get().url,
        "territoire": TerritoryPage.objects.get(slug="grenoble").url,
        "bibliothèque": LibraryPage.objects.get().url,
        "collection": ResourceCollectionPage.objects.live().public().first().url,
        "recherche": "/recherche/?q=commerce",
        "connexion": "/connexion/",
        "page introuvable": "/page-qui-n-existe-pas/",
    }


def slow_script(page):
    def delayed(route):
        time.sleep(SCRIPT_DELAY)
        route.continue_()

    page.route("**/*.js", delayed)


def shifts(page, base, urls):
    found = {}
    for name, url in urls.items():
        page.goto(base + url, wait_until="load")  # the late script has run
        result = page.evaluate(CUMULATIVE_SHIFT)
        if result["total"] >= 0.01:
            found[name] = (round(result["total"], 3), sorted(set(result["moved"])))
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_type_shifts_after_its_first_paint(page, demo_site, width):
    page.set_viewport_size(WIDTHS[width])
    slow_script(page)
    assert shifts(page, demo_site, page_types()) == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_participants_area_does_not_shift_either(page, demo_site, width):
    page.set_viewport_size(WIDTHS[width])
    log_in_to_the_site(page, demo_site, "participant")
    slow_script(page)
    assert shifts(page, demo_site, {"espace participants": "/espace-participants/"}) == {}


def test_a_shift_is_measured_when_there_is_one(page, demo_site):
    """The measure can fail: a block pushed into the page after its first paint is counted."""
    page.set_viewport_size(WIDTHS["mobile"])
    page.goto(demo_site + "/")
    page.evaluate(
        "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {"
        " const block = document.createElement('div'); block.style.height = '300px';"
        " document.querySelector('main').prepend(block); resolve(); }, 50)))"
    )
    assert page.evaluate(CUMULATIVE_SHIFT)["total"] > 0.1
