"""The demo command builds the whole site from the source document, once, and keeps edits."""

import io
import re

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page

import pytest

from demo.models import DemoStep
from editorial.models import Theme
from home.models import FooterSettings
from people.models import Organisation, Person
from sessions.models import SessionPage
from territoires.models import TerritoryPage

from .conftest import visible_text

pytestmark = pytest.mark.django_db

TERRITORIES = [
    "Annemasse",
    "Saint-Martin-d'Hères",
    "Grenoble",
    "Valence Agglo",
    "Saint-Étienne Métropole",
    "Roannais Agglomération",
    "Villeurbanne",
    "Vénissieux",
]
SESSION_DATES = [
    "27 mars 2014",
    "24 avril 2014",
    "27 mai 2014",
    "18 septembre 2014",
    "27 novembre 2014",
]
URLS = [
    "/",
    "/la-formation/",
    "/sessions/",
    "/territoires/",
    "/ressources/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
]


def run_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_running_twice_builds_one_site_where_every_page_answers(client, participant):
    run_demo()
    counts = (Page.objects.count(), Person.objects.count(), Organisation.objects.count())
    output = run_demo()
    assert "Rien à créer" in output
    assert (Page.objects.count(), Person.objects.count(), Organisation.objects.count()) == counts
    assert get_user_model().objects.exclude(pk=participant.pk).count() == 6
    assert SessionPage.objects.count() == 5
    assert TerritoryPage.objects.count() == 8
    for url in URLS:
        assert client.get(url).status_code == 200, url
    public = Page.objects.live().public().filter(depth__gt=1)
    assert public.count() >= 22
    for page in public:
        assert client.get(page.url).status_code == 200, page.url
    restricted = Page.objects.live().not_public()
    assert sorted(p.slug for p in restricted) == [
        "documents-de-travail-des-territoires",
        "espace-participants",
    ]
    for page in restricted:
        assert client.get(page.url).status_code == 404  # as a missing page
    client.force_login(participant)
    for page in Page.objects.live().filter(depth__gt=1):
        assert client.get(page.url).status_code == 200, page.url


def test_second_run_keeps_edits_made_in_the_admin(client):
    run_demo()
    session = SessionPage.objects.get(number=2)
    session.theme = "Thème corrigé par une éditrice"
    session.save_revision().publish()
    grenoble = TerritoryPage.objects.get(slug="grenoble")
    grenoble.key_issues.all().delete()
    user = get_user_model().objects.get(username="participant")
    user.set_password("un-nouveau-mot-de-passe")
    user.save()
    run_demo()
    assert "Thème corrigé par une éditrice" in visible_text(client.get("/sessions/seance-2/"))
    assert TerritoryPage.objects.get(slug="grenoble").key_issues.count() == 0
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe")


def test_second_run_respects_deletions_and_renamed_slugs(client):
    run_demo()
    SessionPage.objects.get(number=5).delete()
    grenoble = TerritoryPage.objects.get(slug="grenoble")
    grenoble.slug = "grenoble-alpes"
    grenoble.save_revision().publish()
    get_user_model().objects.get(username="relecteur").delete()
    run_demo()
    assert not SessionPage.objects.filter(number=5).exists()
    assert TerritoryPage.objects.filter(title="Grenoble").count() == 1
    assert client.get("/territoires/grenoble-alpes/").status_code == 200
    assert not get_user_model().objects.filter(username="relecteur").exists()


def test_a_step_added_later_is_applied_to_an_existing_demo_site():
    run_demo()
    DemoStep.objects.filter(name="themes").delete()
    Theme.objects.all().delete()
    output = run_demo()
    assert "themes" in output
    assert Theme.objects.count() == 6
    assert Page.objects.filter(slug="la-formation").count() == 1


def test_an_existing_demo_gets_its_invented_summaries_marked_and_its_intros_corrected():
    """Demo sites built before: the territories' invented summaries get their mark, the
    collections' introductions stop claiming a synthesis and action sheets; what an editor
    rewrote stays as it is."""
    from demo.content import OLD_COLLECTION_INTROS
    from documents.models import ResourceCollectionPage
    from editorial.typography import french

    run_demo()
    DemoStep.objects.filter(
        name__in=["resumes-des-territoires-d-exemple", "intros-des-collections"]
    ).delete()
    TerritoryPage.objects.update(summary_example=False)
    TerritoryPage.objects.filter(slug="grenoble").update(summary="Un texte vérifié.")
    for slug, intro in OLD_COLLECTION_INTROS.items():
        ResourceCollectionPage.objects.filter(slug=slug).update(intro=f"<p>{french(intro)}</p>")
    ResourceCollectionPage.objects.filter(slug="supports-de-formation").update(
        intro="<p>Écrit par un éditeur.</p>"
    )
    run_demo()
    marked = dict(TerritoryPage.objects.values_list("slug", "summary_example"))
    assert marked.pop("grenoble") is False
    assert set(marked.values()) == {True}
    capitalisation = ResourceCollectionPage.objects.get(slug="capitalisation")
    assert "synthèse" not in capitalisation.intro and "fiches actions" not in capitalisation.intro
    assert capitalisation.get_latest_revision().content["intro"] == capitalisation.intro
    supports = ResourceCollectionPage.objects.get(slug="supports-de-formation")
    assert supports.intro == "<p>Écrit par un éditeur.</p>"


def test_demo_accounts_use_the_demo_password(settings):
    settings.DEMO_PASSWORD = "un-mot-de-passe-choisi"
    run_demo()
    User = get_user_model()
    for username in [
        "admin",
        "editeur.aradel",
        "editeur.crdsu",
        "relecteur",
        "publication",
        "participant",
    ]:
        assert User.objects.get(username=username).check_password("un-mot-de-passe-choisi")
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="participant").is_staff


def test_refuses_production_settings_unless_forced(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="--force"):
        run_demo()
    assert not get_user_model().objects.exists()
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert get_user_model().objects.count() == 6


class TestSeedFactsWhereVisitorsLook:
    @pytest.fixture(autouse=True)
    def _demo(self, demo):
        self.home = demo

    def text(self, client, url):
        response = client.get(url)
        assert response.status_code == 200
        return visible_text(response)

    def test_partnership_with_both_full_names(self, client):
        for url in ["/", "/la-formation/"]:
            text = self.text(client, url)
            assert "ARADEL (Association Rhône-Alpes des développeurs économiques locaux)" in text
            assert (
                "CR•DSU (centre de ressources et d'échanges pour le développement social et "
                "urbain – Rhône-Alpes)"
            ) in text
        footer = self.text(client, "/sessions/")
        assert "Association Rhône-Alpes des développeurs économiques locaux" in footer

    def test_three_objectives(self, client):
        for url in ["/", "/la-formation/"]:
            text = self.text(client, url)
            assert (
                "Rapprocher et renforcer les coopérations entre les professionnels du DSU et "
                "les professionnels territoriaux du développement économique local"
            ) in text
            assert (
                "Soutenir la préparation du volet « développement économique » des futurs "
                "contrats de ville, en proposant un cadre technique de réflexion et "
                "d'élaboration d'une stratégie locale"
            ) in text
            assert (
                "Préparer des éléments qui faciliteront les prises de décision des prochaines "
                "équipes municipales"
            ) in text

    def test_target_public(self, client):
        text = self.text(client, "/la-formation/")
        assert "8 territoires volontaires" in text
        assert "en binôme ou trinôme" in text
        assert "un chef de projet (service DSU)" in text
        assert "un responsable emploi-insertion (service ad hoc ou DSU)" in text
        assert "un développeur économique (service dév. éco)" in text
        assert "soit un groupe de 20 personnes environ, à chaque séance, toujours les mêmes" in text
        assert (
            "groupe de travail mixte de développeurs économiques et de développeurs sociaux et urbains rhônalpins"
            in text
        )

    def test_eight_territories_by_name(self, client):
        formation = self.text(client, "/la-formation/")
        index = self.text(client, "/territoires/")
        home = self.text(client, "/")
        for name in TERRITORIES:
            assert name in formation, name
            assert name in index, name
            assert name in home, name
        for page in TerritoryPage.objects.all():
            assert page.title.replace("’", "'") in TERRITORIES
            assert page.title.replace("’", "'") in self.text(client, page.url)

    def test_five_sessions_dates_and_place(self, client):
        formation = self.text(client, "/la-formation/")
        assert "5 séances de travail (soit 5 journées complètes)" in formation
        assert "Les 5 sessions se sont déroulées sur 9 mois" in formation
        assert "27 mars, 24 avril, 27 mai, 18 septembre et 27 novembre 2014" in formation
        assert "La Verrière des Cordeliers, à Sainte-Colombe (près de Vienne)" in formation
        assert "travaux sur site entre les sessions" in formation
        index = self.text(client, "/sessions/")
        home = self.text(client, "/")
        for number, date in enumerate(SESSION_DATES, start=1):
            assert date in index
            assert date in home
            session = self.text(client, f"/sessions/seance-{number}/")
            assert date in session
            assert "La Verrière des Cordeliers, Sainte-Colombe (près de Vienne)" in session

    def test_argos_and_michel_basset(self, client):
        text = self.text(client, "/la-formation/")
        assert "cabinet extérieur, Argos" in text
        assert "Michel Basset est le consultant missionné" in text
        assert "Michel Basset (Argos)" in self.text(client, "/sessions/seance-1/")

    def test_formative_process_and_its_four_steps_in_order(self, client):
        text = self.text(client, "/la-formation/")
        steps = [
            "Le partage de la connaissance sur le quartier et des représentations qui y sont liées",
            "Le partage d'une culture commune sur les enjeux à la fois du développement économique et de la politique de la ville",
            "La définition par territoire d'enjeux clés pour le développement économique du quartier en lien avec la stratégie du territoire",
            "L'identification d'actions par territoire répondant aux enjeux identifiés et pouvant avoir un effet de levier à court terme",
        ]
        positions = [text.index(step) for step in steps]
        assert positions == sorted(positions)
        assert "approche coopérative, apprenante" in text
        assert response_has_ordered_list(client, "/la-formation/", 4)

    def test_collaborative_platform(self, client):
        text = self.text(client, "/la-formation/")
        assert "Une plateforme collaborative a également été mise en place pour le groupe" in text
        assert "capitalisation des documents de travail" in text
        assert (
            "mise en ligne de documents de référence sur le développement économique urbain" in text
        )

    def test_invented_content_is_marked_and_facts_are_not(self, client):
        for url in ["/sessions/seance-3/", "/territoires/villeurbanne/", "/mentions-legales/"]:
            assert "Contenu d'exemple" in self.text(client, url), url
        assert "Contenu d'exemple" not in self.text(client, "/la-formation/")
        # On the home page, the facts say nothing of it; the invented session themes of the
        # timeline and the demo's generated documents do.
        home = self.text(client, "/")
        assert "Contenu d'exemple" not in home[: home.index("Les 5 séances")]
        timeline = home[home.index("Les 5 séances") : home.index("Les 8 territoires")]
        assert timeline.count("Contenu d'exemple") == 5
        assert (
            "Contenu d'exemple"
            not in home[home.index("Les 8 territoires") :].split("Dernières ressources")[0]
        )
        assert "Contenu d'exemple" in home[home.index("Dernières ressources") :]

    def test_footer_links_the_legal_pages(self, client):
        footer = FooterSettings.objects.get()
        assert footer.legal_notice_page.slug == "mentions-legales"
        html = client.get("/territoires/").content.decode()
        for url in ["/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]:
            assert f'href="{url}"' in html

    def test_main_menu(self, client):
        html = client.get("/la-formation/").content.decode()
        nav = html[html.index('aria-label="Menu principal"') :]
        nav = nav[: nav.index("</nav>")]
        for url in ["/la-formation/", "/sessions/", "/territoires/", "/ressources/"]:
            assert f'href="{url}"' in nav
        assert 'href="/la-formation/" aria-current="page"' in nav
        assert "mentions-legales" not in nav


def response_has_ordered_list(client, url, items):
    html = client.get(url).content.decode()
    start = html.index('<ol class="steps__list">')
    block = html[start : html.index("</ol>", start)]
    return block.count("<li") == items


def test_the_demos_emails_are_held_not_printed(settings, capsys, monkeypatch):
    """`make run` uses the console backend: the review request the demo submits was printed
    raw (MIME headers, encoded subject) among the set-up's output."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    output = run_demo()
    printed = capsys.readouterr().out
    assert "MIME-Version" not in printed + output
    assert "Subject:" not in printed + output
    lines = output.splitlines()
    assert re.fullmatch(r"Démonstration construite : \d+ éléments\.", lines[0])
    assert re.fullmatch(
        r"Courriels de la démonstration \(circuit de validation\) retenus, non envoyés : [1-9]\d*\.",
        lines[1],
    )
    assert lines[2] == f"Comptes de démonstration (mot de passe : {settings.DEMO_PASSWORD}) :"
    assert [line.split()[0] for line in lines[3:]] == [
        "admin",
        "editeur.aradel",
        "editeur.crdsu",
        "relecteur",
        "participant",
        "publication",
    ]


def test_the_held_emails_are_listed_when_asked(settings):
    out = io.StringIO()
    call_command("load_demo", stdout=out, verbosity=2)
    assert "  à relecteur@example.org : Page à valider" in out.getvalue()
    assert "(étapes : accueil, organisations," in out.getvalue()


def test_a_password_chosen_for_the_server_is_not_printed(settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "un-mot-de-passe-choisi")
    settings.DEMO_PASSWORD = "un-mot-de-passe-choisi"
    output = run_demo()
    assert "(mot de passe : celui de DEMO_PASSWORD)" in output
    assert "un-mot-de-passe-choisi" not in output
