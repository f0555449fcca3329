"""The editors' document listing in a real browser (issue #16, point 7): the search box finds
a word that is only inside a PDF, and the listing stays readable at 1280 px."""

import re

import pytest

from .steps import log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def word_only_in_the_file():
    """A demo document and a word of its file's text found in no document's title or
    description."""
    from documents.models import Resource

    described = " ".join(
        f"{title} {description}"
        for title, description in Resource.objects.values_list("title", "description")
    ).casefold()
    for document in Resource.objects.exclude(extracted_text="").order_by("pk"):
        for word in re.findall(r"[a-zàâçéèêëîïôûùüÿœ]{9,}", document.extracted_text.casefold()):
            if word not in described:
                return document, word
    raise AssertionError("aucun mot propre au texte d’un fichier dans la démonstration")


def test_an_editor_finds_a_document_by_a_word_inside_its_pdf(page, demo_site):
    document, word = word_only_in_the_file()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(demo_site + "/admin/documents/")
    listing = page.locator("table.listing")
    assert listing.is_visible()
    # Every column fits in the window: no horizontal scrolling at 1280 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.locator("#id_q").fill(word)
    page.wait_for_url(re.compile(r".*[?&]q="))
    page.wait_for_load_state("networkidle")
    titles = page.locator("table.listing td.title").all_inner_texts()
    assert any(document.title in title for title in titles), (word, titles)
