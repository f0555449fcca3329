"""The participants' area on a small phone: nothing wider than the screen, the table of
contents jumps, the filter works without script, the directory opens by territory."""

import pytest

from .layout import overflowing, scroll_width
from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_area_fits_a_320_px_screen_and_filters_without_script(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/")
    for summary in page.locator(".area-directory summary").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()  # every territory's cards open, the widest state of the page
    assert scroll_width(page) <= 320
    assert overflowing(page) == []

    page.get_by_role("link", name="Séance 4", exact=True).click()
    assert page.url.endswith("#seance-4")

    page.get_by_label("Type", exact=True).select_option(label="Fiche action")
    page.get_by_label("Territoire", exact=True).select_option(label="Grenoble")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert "type=fiche_action" in page.url and "territoire=grenoble" in page.url
    documents = page.locator("#area-documents")
    assert documents.get_by_role("link", name="Fiche action — Grenoble", exact=True).count() == 1
    assert (
        documents.get_by_role("link", name="Fiche action — Villeurbanne", exact=True).count() == 0
    )
    assert overflowing(page) == []
    context.close()
