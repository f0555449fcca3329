"""The capitalisation (/capitalisation/): the territories' key issues and actions by theme, the
editors' syntheses, the four steps of the process; public content only, for every user."""

from django.urls import reverse

import pytest

from access.roles import EDITORS_GROUP
from capitalisation.models import CapitalisationPage, ThemeSynthesis
from editorial.models import Theme
from sessions.models import SessionPage
from territoires.models import KeyIssue, ShortTermAction, TerritoryPage

from .conftest import visible_text
from .staff import logged_in, member

pytestmark = pytest.mark.django_db

URL = "/capitalisation/"


def page_text(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200, response.status_code
    return visible_text(response)


def grenoble():
    return TerritoryPage.objects.get(slug="grenoble")


def test_the_menu_names_the_capitalisation_after_the_library(client, demo):
    menu = [page.slug for page in demo.get_children().in_menu()]
    assert menu.index("capitalisation") == menu.index("ressources") + 1
    assert "Capitalisation" in visible_text(client.get("/"))


def test_every_public_issue_and_action_is_shown_under_its_themes(client, demo):
    text = page_text(client)
    for item in [*KeyIssue.objects.all(), *ShortTermAction.objects.all()]:
        assert item.title.replace("’", "'") in text
    for theme in Theme.objects.filter(key_issues__isnull=False).distinct():
        assert theme.name.replace("’", "'") in text
    assert "17 enjeux clés et 16 actions, dans 8 territoires." in text


def test_the_process_is_the_sources_four_steps_with_what_they_produced(client, demo):
    text = page_text(client)
    assert "Le partage de la connaissance sur le quartier et des représentations" in text
    assert "L'identification d'actions par territoire répondant aux enjeux" in text
    assert "17 enjeux clés définis par 8 territoires." in text
    assert "Travaillée en séance : Séance 4 , Séance 5" in text


def test_invented_content_carries_one_notice(client, demo):
    """The demo's issues, actions, syntheses and step–session links are all invented: one
    notice says so, not a mark on each of fifty items."""
    response = client.get(URL)
    html = response.content.decode()
    assert html.count('class="example-notice"') == 1
    assert html.count('<span class="example-mark"><span') == 0
    page = CapitalisationPage.objects.get()
    synthesis = page.syntheses.first()
    synthesis.example_content = False  # an editor wrote the real one
    synthesis.save()
    html = client.get(URL).content.decode()
    assert (
        html.count('<span class="example-mark"><span') > 10
    )  # now each invented item is marked, not this one


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        (
            "?theme=commerce-et-services-de-proximite",
            ["Inventaire des locaux commerciaux vacants", "Synthèse"],
            ["Forum emploi dans le quartier avec les entreprises du bassin"],
        ),
        (
            "?territoire=annemasse",
            ["Forum emploi dans le quartier avec les entreprises du bassin"],
            ["Permanence mensuelle d'aide à la création d'entreprise"],
        ),
        (
            "?etat=realisee",
            ["Inventaire des locaux commerciaux vacants"],
            ["Forum emploi dans le quartier avec les entreprises du bassin"],
        ),
    ],
)
def test_filters_are_shareable_addresses(client, demo, query, shown, hidden):
    text = page_text(client, query)
    for title in shown:
        assert title in text
    for title in hidden:
        assert title not in text


def test_filters_combine(client, demo):
    text = page_text(client, "?theme=emploi-et-insertion&territoire=annemasse&etat=engagee")
    assert "Forum emploi dans le quartier avec les entreprises du bassin" in text
    assert "1 enjeu clé et 1 action, dans 1 territoire" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?theme=inconnu", "Aucun thème « inconnu » : ce filtre est ignoré."),
        ("?territoire=atlantide", "Aucun territoire « atlantide » : ce filtre est ignoré."),
        ("?etat=oublie", "Aucun état d'action « oublie » : ce filtre est ignoré."),
        ("?theme=%3Cscript%3E", "Aucun thème « &lt;script&gt; »"),
    ],
)
def test_unknown_filters_answer_404_with_a_french_message_and_the_rest(
    client, demo, query, message
):
    response = client.get(URL + query)
    assert response.status_code == 404
    text = visible_text(response)
    assert message in text
    assert "Enjeux et actions par thème" in text  # the page, not an error page
    assert "« <script> »" not in response.content.decode()


def test_a_restricted_territory_is_never_read(audience, demo, restrict_to_participants):
    """Not shown, not counted, not offered as a filter, not even to those who may see it: the
    capitalisation is the public's product. Its slug in the address answers as an unknown
    one."""
    restrict_to_participants(grenoble())
    issues = list(grenoble().key_issues.values_list("title", flat=True))
    text = page_text(audience)
    assert "Grenoble" not in text
    for title in issues:
        assert title.replace("’", "'") not in text
    assert "dans 7 territoires" in text
    assert "définis par 7 territoires" in text
    response = audience.get(URL + "?territoire=grenoble")
    assert response.status_code == 404
    assert "Aucun territoire « grenoble »" in visible_text(response)


def test_a_restricted_session_is_not_named_in_the_process(audience, demo, restrict_to_participants):
    restrict_to_participants(SessionPage.objects.get(number=5))
    text = page_text(audience)
    assert "Travaillée en séance : Séance 4." in text or "Travaillée en séance : Séance 4 " in text
    assert "Séance 5" not in text


def test_an_unpublished_theme_and_its_synthesis_wait(client, demo):
    theme = Theme.objects.get(slug="commerce-et-services-de-proximite")
    Theme.objects.filter(pk=theme.pk).update(live=False)
    text = page_text(client)
    assert theme.name not in text
    assert "Les cellules commerciales vacantes" not in text  # its synthesis
    assert "Inventaire des locaux commerciaux vacants" in text  # now under no theme…
    assert "Sans thème" in text


def test_the_territories_draft_is_not_read_until_published(client, demo):
    territory = grenoble()
    issues = list(territory.key_issues.all())
    issues[0].title = "Un enjeu encore en brouillon"
    territory.key_issues = issues
    territory.save_revision()
    assert "Un enjeu encore en brouillon" not in page_text(client)


def test_a_preview_shows_the_draft_syntheses(demo, rf):
    page = CapitalisationPage.objects.get()
    theme = page.syntheses.first().theme
    page.syntheses = [ThemeSynthesis(theme=theme, body="<p>Une synthèse en cours.</p>")]
    request = rf.get(URL)
    request.user = member(EDITORS_GROUP, "redac")
    response = page.serve_preview(request, page.default_preview_mode)
    assert "Une synthèse en cours." in response.render().content.decode()


def test_the_editor_ticks_themes_in_the_territory_page(demo):
    editor = logged_in(member(EDITORS_GROUP, "redac"))
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[grenoble().pk]))
    html = response.content.decode()
    assert 'name="key_issues-0-themes"' in html
    assert 'name="actions-0-themes"' in html
    assert "Emploi et insertion" in html


def test_a_theme_nothing_names_yet_is_empty_not_unknown(client, demo):
    theme = Theme.objects.get(slug="contrats-de-ville")
    KeyIssue.themes.through.objects.filter(theme=theme).delete()
    ShortTermAction.themes.through.objects.filter(theme=theme).delete()
    text = page_text(client, "?theme=contrats-de-ville")
    assert "0 enjeu clé et 0 action" in text
    assert "Aucun enjeu ni aucune action ne correspond à ces filtres." in text


def test_actions_say_what_became_of_them_as_on_their_territory(client, demo):
    action = ShortTermAction.objects.filter(state="engagee").first()
    ShortTermAction.objects.filter(pk=action.pk).update(
        outcome="Le forum a lieu chaque année depuis 2015.", outcome_example=False
    )
    text = page_text(client)
    assert "Et après ?" in text and "Le forum a lieu chaque année depuis 2015." in text
    assert "(état en 2014)" in text  # the others, of which nothing later is told
