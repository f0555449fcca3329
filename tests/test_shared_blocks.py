"""A page's body rendered once per audience and per content generation ({% sharedblock %},
access.shared), then served ready-made: whoever came before, each user of the privacy matrix
gets exactly the page they get without it, a change shows at once, and a preview neither
reads nor leaves anything."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import Client

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import ContentPage
from sessions.models import SessionPage

pytestmark = pytest.mark.django_db

# Every page type whose body is shared, the site search's results (two words, a second page),
# the library (with words, a selection, an order, a page), the capitalisation (filtered, and
# by a filter that names nothing: a 404) and the participants' area (its documents by
# session); the demo's participant is on Grenoble's team, so the area shows them their own
# territory, news and deposits around the shared part.
PAGES = [
    "/",
    "/sessions/",
    "/territoires/",
    "/recherche/?q=travail",
    "/recherche/?q=emploi&page=2",
    "/capitalisation/",
    "/ressources/",
    "/ressources/?q=travail&tri=titre",
    "/ressources/?type=document_travail&page=2",
    "/capitalisation/?etat=engagee",
    "/capitalisation/?theme=inconnu",
    "/sessions/seance-1/",
    "/territoires/grenoble/",
    "/la-formation/",
    "/espace-participants/",
    "/espace-participants/?type=synthese",
]
USERS = ["anonyme", "hors groupes", "participante", "participant de Grenoble", "rédactrice"]


def page_for(client, url):
    response = client.get(url)
    # The CSP nonce and the login form's CSRF token (on the 404 page) change with every
    # response, whoever asks.
    html = re.sub(
        r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()
    )
    return response.status_code, html


@pytest.fixture
def clients(demo, outsider, participant, editor):
    made = {"anonyme": Client()}
    for name, user in [
        ("hors groupes", outsider),
        ("participante", participant),
        ("participant de Grenoble", get_user_model().objects.get(username="participant")),
        ("rédactrice", editor),
    ]:
        made[name] = Client()
        made[name].force_login(user)
    return made


@pytest.fixture
def sharing(settings):
    def switch(on):
        settings.FRAGMENT_CACHE_SECONDS = 600 if on else 0
        caches["pages"].clear()

    yield switch
    caches["pages"].clear()


@pytest.mark.parametrize("order", [USERS, USERS[::-1]], ids=["anonyme d’abord", "équipe d’abord"])
def test_each_user_gets_the_page_they_get_without_sharing_whoever_came_before(
    clients, sharing, order
):
    sharing(False)
    expected = {(user, url): page_for(clients[user], url) for user in USERS for url in PAGES}
    # The matrix tells the users apart on these pages, or this test would prove nothing.
    assert (
        expected["anonyme", "/sessions/seance-1/"] != expected["rédactrice", "/sessions/seance-1/"]
    )
    assert expected["anonyme", "/"] != expected["participante", "/"]
    search = "/recherche/?q=travail"
    assert expected["anonyme", search] != expected["participante", search]
    assert expected["anonyme", "/ressources/"] != expected["participante", "/ressources/"]
    assert expected["anonyme", "/espace-participants/"][0] == 404
    assert expected["anonyme", "/capitalisation/?theme=inconnu"][0] == 404
    assert expected["participante", "/espace-participants/"][0] == 200

    sharing(True)
    for _round in range(2):  # the first fills what is shared, the second reads it
        for user in order:
            for url in PAGES:
                assert page_for(clients[user], url) == expected[user, url], (user, url)


def test_a_published_change_shows_at_once(clients, sharing):
    sharing(True)
    visitor = clients["anonyme"]
    session = SessionPage.objects.get(number=1)
    assert "Un thème tout neuf" not in page_for(visitor, session.url)[1]
    session.theme = "Un thème tout neuf"
    session.save_revision().publish()
    assert "Un thème tout neuf" in page_for(visitor, session.url)[1]


def test_a_preview_neither_reads_nor_leaves_a_shared_body(clients, sharing):
    sharing(True)
    page = ContentPage.objects.get(slug="la-formation")
    editor, visitor = clients["rédactrice"], clients["anonyme"]
    before = page_for(editor, page.url)
    page_for(visitor, page.url)
    url = f"/admin/pages/{page.pk}/edit/preview/"
    draft = {
        "title": page.title,
        "slug": page.slug,
        "lead": "Un chapeau pas encore publié.",
        "body": streamfield([("paragraph", rich_text("<p>Un paragraphe à relire.</p>"))]),
    }
    assert editor.post(url, nested_form_data(draft)).json()["is_valid"]

    assert "Un paragraphe à relire." in editor.get(url).content.decode()

    assert page_for(editor, page.url) == before
    assert "Un paragraphe à relire." not in page_for(visitor, page.url)[1]


def test_the_capitalisation_page_names_every_value_it_reads_lazily(demo, rf):
    """The page puts `reading.capitalisation`'s values in its context one by one, lazily: a
    value it forgot would render as nothing."""
    from capitalisation import reading
    from capitalisation.models import CapitalisationPage

    request = rf.get("/capitalisation/")
    request.user = AnonymousUser()
    values = reading.capitalisation(CapitalisationPage.objects.get(), request)
    assert set(values) == set(reading.CONTEXT_NAMES)
