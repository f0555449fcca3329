"""A public visitor's journeys in Chromium: home → a session → a material → a territory →
the library with two facets → the search; the mobile menu; the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from access.visibility import anyone, visible_documents
from sessions.models import SessionPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOBILE = {"width": 375, "height": 740}


def test_a_visitor_goes_from_the_home_to_the_search(page, demo_site):
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Développement économique urbain")
    # Home → the first session, from the timeline.
    page.locator(".timeline").get_by_role("link", name="Séance 1").click()
    session = SessionPage.objects.get(number=1)
    # The theme is the heading; the session's number and date, above it.
    expect(page.get_by_role("heading", level=1)).to_contain_text(session.theme)
    expect(page.locator(".kicker")).to_have_text("Séance 1 · jeudi 27 mars 2014")
    material = (
        visible_documents(session.documents.all(), anyone()).order_by("kind", "title").first()
    )
    with page.expect_download() as download:
        # The title leads to the document's page; « Télécharger » beside it, to the file.
        page.locator(".document-groups").get_by_role(
            "link", name=f"Télécharger « {material.title} »"
        ).click()
    assert download.value.suggested_filename == material.download_filename
    # → the next session, then a territory from the main menu.
    page.get_by_role("link", name=re.compile("Séance suivante")).click()
    expect(page.locator(".kicker")).to_contain_text("Séance 2 ·")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Territoires"
    ).click()
    page.locator(".card-grid").get_by_role("link", name="Grenoble", exact=True).click()
    expect(page.get_by_role("heading", name="Enjeux clés")).to_be_visible()
    expect(page.get_by_role("heading", name="Actions à court terme")).to_be_visible()
    # → the library, narrowed by two facets.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=re.compile("Ressources")
    ).click()
    facets = page.locator(".facet")
    # A ticked box applies at once (documents/library.js): no button to press.
    facets.nth(0).get_by_role("checkbox").first.check()
    expect(page).to_have_url(re.compile(r"\?type=[a-z_]+$"))
    facets.nth(1).get_by_role("checkbox").first.check()
    expect(page).to_have_url(re.compile(r"\?type=[a-z_]+&seance=\d$"))
    expect(page.locator(".facet input:checked")).to_have_count(2)
    # → the site's search.
    page.goto(demo_site + "/recherche/?q=emploi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recherche")
    expect(page.locator("main")).to_contain_text("emploi")


def test_the_mobile_menu_opens_and_closes(page, demo_site):
    page.set_viewport_size(MOBILE)
    page.goto(demo_site + "/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Territoires")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Territoires").focus()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Territoires")).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.click()
    menu.get_by_role("link", name="Territoires").click()
    expect(page).to_have_url(re.compile(r"/territoires/$"))
    # At desktop width the menu is simply there, without a button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(menu.get_by_role("link", name="Territoires")).to_be_visible()


def test_without_script_the_mobile_menu_stays_open(browser, demo_site):
    """The script only enhances: without it, a phone shows the whole menu and no button."""
    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    page = context.new_page()
    page.goto(demo_site + "/")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Territoires")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element satisfies predicate; return its description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName, text: (e.innerText || '').trim(), name: e.name || '',"
            " outline: getComputedStyle(e).outlineStyle, href: e.getAttribute('href') || ''}; }"
        )
        if predicate(focused):
            return focused
    raise AssertionError("élément jamais atteint au clavier")


def test_keyboard_alone_main_menu_and_facets(page, demo_site):
    page.goto(demo_site + "/")
    first = tab_to(page, lambda e: True)
    assert first["text"] == "Aller au contenu"  # the skip link comes first
    item = tab_to(page, lambda e: e["text"] == "Ressources")
    assert item["outline"] != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ressources/$"))
    tab_to(page, lambda e: e["tag"] == "INPUT" and e["name"] == "type")
    page.keyboard.press("Space")  # applies at once, and the box keeps the focus
    expect(page).to_have_url(re.compile(r"[?&]type="))
    expect(page.locator(".facet input:checked")).to_have_count(1)
    expect(page.locator(".facet input:checked")).to_be_focused()
    # The next Tab goes on from there, to the box after it.
    focused = tab_to(page, lambda e: True)
    assert focused["tag"] == "INPUT" and focused["name"] == "type"
