"""The library at a touch, in Chromium (issue #18, point 7): on a phone the results come
first and « Filtrer (n) » opens the filters above them; a tapped facet updates the results
and the address without reloading the page; a chip removes its filter; without script the
form still applies and the filters follow the results. And the layout holds: nothing wider
than a 320 px screen, no button split across lines, nothing that moves after the first
paint, no axe violation with the drawer open."""

import re

import pytest
from playwright.sync_api import expect

from access.visibility import anyone, visible_documents
from documents.models import Resource

from .layout import overflowing, split_buttons
from .test_accessibility import violations
from .test_layout_shift import CUMULATIVE_SHIFT, slow_script

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
FILTERED = "/ressources/?type=programme&seance=1"


def public_count(**filters):
    return visible_documents(Resource.objects.filter(**filters), anyone()).count()


def mark_the_page(page):
    """A mark that a reload would wipe out: the page was redrawn in place, not reloaded."""
    page.evaluate("() => { window.notReloaded = true; }")


def still_the_same_page(page):
    return page.evaluate("() => window.notReloaded === true")


def test_on_a_phone_the_results_come_first_and_the_drawer_opens_above_them(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/ressources/")
    toggle = page.get_by_role("button", name="Filtrer")
    filters = page.locator("#library-filters")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()
    expect(page.get_by_role("button", name="Appliquer les filtres")).to_be_hidden()
    # The first result starts on the first screen.
    first = page.locator(".document-results > li").first.bounding_box()
    assert first["y"] < PHONE["height"]
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(filters).to_be_visible()
    assert filters.bounding_box()["y"] < page.locator("#library-count").bounding_box()["y"]
    # Escape folds it again and gives the focus back to its button.
    filters.get_by_role("checkbox").first.focus()
    page.keyboard.press("Escape")
    expect(filters).to_be_hidden()
    expect(toggle).to_be_focused()


def test_a_facet_tap_updates_the_results_and_the_address(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + "/ressources/")
    mark_the_page(page)
    page.get_by_role("button", name="Filtrer").click()
    box = page.get_by_role("checkbox", name=re.compile(r"^Programme"))
    box.check()
    expect(page).to_have_url(re.compile(r"/ressources/\?type=programme$"))
    programmes = public_count(kind="programme")
    expect(page.locator("#library-count")).to_have_text(f"{programmes} ressources")
    expect(page.locator(".document-results > li")).to_have_count(programmes)
    # Redrawn in place: the drawer stays open, the box keeps the focus, the count is said.
    assert still_the_same_page(page)
    expect(page.get_by_role("button", name=re.compile(r"^Filtrer \(1"))).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.get_by_role("checkbox", name=re.compile(r"^Programme"))).to_be_focused()
    expect(page.locator("#library-status")).to_have_text(f"{programmes} ressources")
    # A second facet narrows further; the address carries both (a shareable state).
    page.get_by_role("checkbox", name=re.compile(r"^Séance 1")).check()
    expect(page).to_have_url(re.compile(r"\?type=programme&seance=1$"))
    expect(page.locator("#library-count")).to_have_text(
        f"{public_count(kind='programme', session__number=1)} ressource"
    )
    # The address reloads to the same state.
    page.reload()
    expect(page.locator(".library__facets input:checked")).to_have_count(2)


def test_a_chip_removes_its_filter(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(demo_site + FILTERED)
    mark_the_page(page)
    chips = page.locator(".chip")
    expect(chips).to_have_count(2)
    page.get_by_role("link", name="Retirer le filtre Séance : Séance 1").click()
    expect(page).to_have_url(re.compile(r"/ressources/\?type=programme$"))
    expect(chips).to_have_count(1)
    expect(page.locator("#library-count")).to_be_focused()
    expect(page.locator("#library-count")).to_have_text(
        f"{public_count(kind='programme')} ressources"
    )
    assert still_the_same_page(page)
    # « Tout effacer » beside the chips: the whole library again, at its own address.
    page.get_by_role("link", name="Tout effacer").click()
    expect(page).to_have_url(re.compile(r"/ressources/$"))
    expect(chips).to_have_count(0)


def test_without_script_the_form_applies_and_the_filters_follow_the_results(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site + "/ressources/")
    expect(page.get_by_role("button", name="Filtrer")).to_be_hidden()
    to_filters = page.get_by_role("link", name="Aller aux filtres")
    expect(to_filters).to_be_visible()
    filters = page.locator("#library-filters")
    expect(filters).to_be_visible()
    last_result = page.locator(".document-results").bounding_box()
    assert filters.bounding_box()["y"] > last_result["y"] + last_result["height"] - 1
    to_filters.click()
    page.get_by_role("checkbox", name=re.compile(r"^Programme")).check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"\?q=&type=programme$"))  # as the form sends it
    # A chip is a plain link.
    page.get_by_role("link", name="Retirer le filtre Type de document : Programme").click()
    expect(page).to_have_url(re.compile(r"/ressources/\?$"))
    expect(page.locator(".chip")).to_have_count(0)
    context.close()


def test_at_320_px_nothing_is_wider_than_the_screen_and_no_button_splits(page, demo_site):
    page.set_viewport_size(NARROWEST)
    for url in ("/ressources/", FILTERED + "&q=programme&theme=emploi-et-insertion"):
        page.goto(demo_site + url)
        assert overflowing(page) == [], url
        assert split_buttons(page) == [], url
        page.get_by_role("button", name=re.compile("^Filtrer")).click()
        assert overflowing(page) == [], url
        assert split_buttons(page) == [], url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["mobile", "bureau"])
def test_the_filtered_library_does_not_shift_after_its_first_paint(page, demo_site, viewport):
    page.set_viewport_size(viewport)
    slow_script(page)
    page.goto(demo_site + FILTERED, wait_until="load")
    assert page.evaluate(CUMULATIVE_SHIFT)["total"] < 0.01


def test_no_axe_violation_with_the_drawer_open_at_320_px(page, demo_site):
    page.set_viewport_size(NARROWEST)
    page.goto(demo_site + FILTERED)
    page.get_by_role("button", name=re.compile("^Filtrer")).click()
    page.get_by_role("checkbox", name=re.compile(r"^Compte rendu")).check()
    expect(page).to_have_url(re.compile(r"type=compte_rendu"))
    assert violations(page) == []


def test_a_box_ticked_before_the_script_ran_is_applied_when_it_runs(page, demo_site):
    """The filters' script is deferred: on a slow connection a box can be ticked before it
    runs. Once it runs, the results and the address follow the boxes (here the script is held
    back, the box ticked, then the script let in)."""
    held = []

    def hold_back_once(route):
        if not held:
            held.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/documents/library*.js", hold_back_once)
    page.goto(demo_site + "/ressources/")
    assert held, "the library's script was not requested"
    page.get_by_role("checkbox", name=re.compile(r"^Programme")).check()
    expect(page).to_have_url(re.compile(r"/ressources/$"))
    page.add_script_tag(url=held[0])
    expect(page).to_have_url(re.compile(r"/ressources/\?type=programme$"))
    expect(page.locator("#library-count")).to_have_text(
        f"{public_count(kind='programme')} ressources"
    )
