"""A 2014 archive, told as one (#18, points 10-12): past sessions read as past, actions say
what became of them, the home page where the work went next; sessions and territories link
to each other through what each territory produced at each session; and every session and
territory page says, the same way for everyone outside the group, that participants find
more in their area."""

import datetime
import re

import pytest

from demo.management.commands.load_demo import Command
from home.models import HomePage
from sessions.factories import SessionPageFactory
from sessions.models import SessionIndexPage, SessionPage
from territoires.models import ShortTermAction, TerritoryPage

from .conftest import bulk_documents, visible_text

pytestmark = pytest.mark.django_db

NOTE = re.compile(r'<aside class="participants-note[^"]*"[^>]*>.*?</aside>', re.DOTALL)


def session(number):
    return SessionPage.objects.get(number=number)


def territory(slug):
    return TerritoryPage.objects.get(slug=slug)


def section(html, heading_id):
    """The HTML of the section labelled by this heading."""
    start = html.rindex("<section", 0, html.index(f'id="{heading_id}"'))
    return html[start : html.index("</section>", start)]


# 10. Past events read as past


def test_a_past_session_says_it_took_place_and_keeps_its_calendar_as_a_link(client, demo):
    page = session(1)
    html = client.get(page.url).content.decode()
    text = visible_text(client.get(page.url))
    assert "s'est tenue le jeudi 27 mars 2014" in text
    assert "Ajouter à mon agenda" not in text
    link = re.search(r'<p class="calendar-link[^"]*"><a href="([^"]+)">', html)
    assert link and link.group(1) == page.url + "calendrier.ics"
    assert 'class="button-secondary" href="' + page.url + "calendrier.ics" not in html


def test_a_session_still_to_come_offers_to_add_it_to_a_calendar(client, demo):
    future = SessionPageFactory(
        parent=SessionIndexPage.objects.get(), number=6, date=datetime.date(2099, 3, 1)
    )
    text = visible_text(client.get(future.url))
    assert "Ajouter à mon agenda" in text
    assert "s'est tenue" not in text


def test_the_session_list_offers_its_calendar_as_a_link_not_a_button(client, demo):
    html = client.get("/sessions/").content.decode()
    assert "S’abonner au calendrier" not in html
    assert 'class="calendar-link no-print"><a href="/sessions/calendrier.ics"' in html


def test_an_action_says_what_became_of_it_dated_and_marked_as_an_example(client, demo):
    html = section(client.get(territory("grenoble").url).content.decode(), "territory-actions")
    outcome = html[html.index('class="action__outcome"') :]
    outcome = outcome[: outcome.index("</div>")]
    assert "Et après" in outcome
    assert "quatre activités" in outcome
    assert 'datetime="2016-12-31"' in outcome and "31 décembre 2016" in outcome
    # The whole list of actions is invented: its heading carries the mark, not each outcome.
    assert "Contenu d’exemple" in html[: html.index("</h2>")]


def test_an_outcome_invented_for_a_true_action_is_marked_beside_it(client, demo):
    page = territory("grenoble")
    actions = list(page.actions.all())
    for action in actions:
        action.example_content = False
    page.actions = actions
    page.save_revision().publish()
    html = section(client.get(page.url).content.decode(), "territory-actions")
    assert "Contenu d’exemple" not in html[: html.index("</h2>")]
    outcome = html[html.index('class="action__outcome"') :]
    assert "Contenu d’exemple" in outcome[: outcome.index("</div>")]


def test_an_unfinished_action_without_a_sequel_reads_as_its_state_in_2014(client, demo):
    page = territory("annemasse")
    text = visible_text(client.get(page.url))
    # Annemasse: a forum « engagée » told what became of it, an inventory « réalisée ».
    assert "Engagée (état en 2014)" not in text
    assert "Réalisée (état en 2014)" not in text
    action = ShortTermAction.objects.get(territory=page, state="engagee")
    assert action.outcome
    vienne = territory("villeurbanne")
    text = visible_text(client.get(vienne.url))
    assert "En préparation (état en 2014)" in text
    assert "Réalisée (état en 2014)" not in text


def test_the_home_page_says_where_the_work_went_next_as_an_example(client, demo):
    html = client.get("/").content.decode()
    aftermath = section(html, "home-aftermath")
    assert "contrats de ville" in aftermath and "2015" in aftermath
    assert "Contenu d’exemple" in aftermath


def test_the_demo_step_keeps_what_a_person_wrote(demo):
    home = HomePage.objects.get()
    home.aftermath = "<p>Écrit par l’équipe.</p>"
    home.aftermath_example = False
    home.save_revision().publish()
    page = territory("grenoble")
    actions = list(page.actions.all())
    for action in actions:
        action.outcome = ""
    actions[0].outcome = "Écrit par l’équipe."
    page.actions = actions
    page.save_revision().publish()
    command = Command()
    command.created = []
    command.build_aftermath()
    assert HomePage.objects.get().aftermath == "<p>Écrit par l’équipe.</p>"
    outcomes = [a.outcome for a in territory("grenoble").actions.all()]
    assert outcomes[0] == "Écrit par l’équipe."


def test_no_page_speaks_of_the_training_as_under_way(client, demo, participant):
    client.force_login(participant)
    pages = [
        "/",
        "/sessions/",
        "/espace-participants/",
        *(s.url for s in SessionPage.objects.all()),
    ]
    for url in pages:
        text = visible_text(client.get(url))
        assert "pas encore publics" not in text, url
        assert "Ajouter à mon agenda" not in text, url


# 11. Sessions and territories link to each other


def test_a_session_page_shows_what_each_territory_produced_there(client, demo):
    html = section(client.get(session(4).url).content.decode(), "session-territories")
    for page in TerritoryPage.objects.all():
        assert f'href="{page.url}"' in html, page.title
        assert f"Fiche action — {page.title}" in html
    # The group met at every session: a session where no territory filed a document still
    # links to every territory.
    html = section(client.get(session(2).url).content.decode(), "session-territories")
    assert html.count('class="crosslinks__item"') == TerritoryPage.objects.count()
    assert "Pas de document de ce territoire pour cette séance." in html


def test_a_territory_page_shows_its_path_through_the_five_sessions(client, demo):
    html = section(client.get(territory("grenoble").url).content.decode(), "territory-sessions")
    for page in SessionPage.objects.all():
        assert f'href="{page.url}"' in html
    assert "Fiche action — Grenoble" in html
    assert "Capitalisation de la formation-action" in html
    assert 'datetime="2014-03-27"' in html


def test_working_documents_are_named_only_to_who_may_read_them(audience, demo):
    name = "Document de travail — portrait économique du quartier, Grenoble"
    on_session = section(audience.get(session(1).url).content.decode(), "session-territories")
    on_territory = section(
        audience.get(territory("grenoble").url).content.decode(), "territory-sessions"
    )
    assert (name in on_session) == audience.may_see_restricted
    assert (name in on_territory) == audience.may_see_restricted


def test_a_restricted_territory_is_never_named_on_a_session_page(
    audience, demo, restrict_to_participants
):
    grenoble = territory("grenoble")
    restrict_to_participants(grenoble)
    html = audience.get(session(4).url).content.decode()
    links = section(html, "session-territories")
    assert (f'href="{grenoble.url}"' in links) == audience.may_see_restricted
    assert (">Grenoble</a>" in links) == audience.may_see_restricted


def test_a_restricted_session_is_never_named_on_a_territory_page(
    audience, demo, restrict_to_participants
):
    secret = session(5)
    restrict_to_participants(secret)
    html = audience.get(territory("grenoble").url).content.decode()
    assert (f'href="{secret.url}"' in html) == audience.may_see_restricted
    assert (">Séance 5</a>" in html) == audience.may_see_restricted
    path = section(html, "territory-sessions")
    assert path.count('class="crosslinks__item"') == (5 if audience.may_see_restricted else 4)


def test_a_territory_lists_a_few_documents_per_session_and_the_rest_in_the_library(client, demo):
    grenoble = territory("grenoble")
    first = session(1)
    template = first.documents.filter(collection__name="Ressources publiques").first()
    created = bulk_documents(6, "Note de Grenoble", template, session=first)
    for document in created:
        document.territories.set([grenoble])
    html = section(client.get(grenoble.url).content.decode(), "territory-sessions")
    assert html.count("Note de Grenoble") == 4
    assert "/ressources/?seance=1&amp;territoire=grenoble" in html


# 12. Participants are told where the rest is, the same way everywhere


def notes(client, urls):
    found = []
    for url in urls:
        match = NOTE.search(client.get(url).content.decode())
        assert match, url
        found.append(match.group(0))
    return found


def test_the_note_is_the_same_on_every_page_for_those_outside_the_group(audience, demo):
    # Session 1 has restricted documents (working documents), session 2 none; Grenoble has
    # some, through session 1.
    assert session(1).documents.exclude(collection__name="Ressources publiques").exists()
    assert not session(2).documents.exclude(collection__name="Ressources publiques").exists()
    urls = [session(1).url, session(2).url, territory("grenoble").url, territory("annemasse").url]
    found = notes(audience, urls)
    assert len(set(found)) == 1, found
    note = found[0]
    if audience.may_see_restricted:
        assert 'href="/espace-participants/"' in note
        assert "connexion" not in note
    else:
        assert 'href="/connexion/?next=%2Fespace-participants%2F"' in note
        assert "Pour obtenir un compte" in note
        assert "ARADEL" in note and "CR•DSU" in note


def test_outsiders_read_exactly_what_visitors_read(client, demo, outsider):
    urls = [session(1).url, territory("grenoble").url]
    anonymous = notes(client, urls)
    client.force_login(outsider)
    assert notes(client, urls) == anonymous
