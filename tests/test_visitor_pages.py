"""What a visitor of a resource centre's site expects (issue 17, points 5 to 7): a search box
in every header, a « Plan du site », a « Contact » page that robots cannot flood, the partners
with their logos and links, the funders, a favicon and touch icons. Every new surface is
tried for the four users of the privacy matrix."""

import io
import json
import re
from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest
from PIL import Image

from home.factories import ContentPageFactory
from home.models import ContactFormField, ContactPage, FooterSettings, SitemapPage
from people.models import Organisation

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Page réservée aux participants"


def contact_page():
    return ContactPage.objects.get()


def message(**overrides):
    return {
        "nom": "Camille Martin",
        "adresse_electronique": "camille.martin@example.org",
        "objet": "Les supports de la séance 3",
        "message": "Bonjour, où trouver les supports de la troisième séance ?",
        **overrides,
    }


# Search box


@pytest.mark.parametrize(
    "url", ["/", "/la-formation/", "/recherche/?q=emploi", "/page-qui-n-existe-pas/"]
)
def test_every_page_has_a_labelled_search_box_in_its_header(client, demo, url):
    html = client.get(url).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    form = re.search(r'<form class="site-search"[^>]*>.*?</form>', header, re.S).group(0)
    assert 'action="/recherche/"' in form and 'method="get"' in form
    assert 'role="search"' in form
    assert '<label class="visually-hidden" for="site-search-q">Rechercher sur le site</label>' in (
        form
    )
    assert re.search(r'<input id="site-search-q"[^>]* name="q"', form)
    assert ">Rechercher</button>" in form


# Plan du site


@pytest.fixture
def secret_page(demo, restrict_to_participants):
    page = ContentPageFactory(parent=demo, title=SECRET, slug="reserve")
    restrict_to_participants(page)
    ContentPageFactory(parent=page, title="Sous-page réservée", slug="sous-page")
    return page


def test_the_sitemap_page_lists_the_site_as_a_tree(client, demo):
    response = client.get(SitemapPage.objects.get().url)
    assert response.status_code == 200
    html = response.content.decode()
    tree = html[html.index('class="sitemap__tree"') :]
    # Sessions nested under their index, in order, and every section of the menu.
    sessions = re.search(r"Les séances</a>\s*<ul>(.*?)</ul>", tree, re.S).group(1)
    assert re.findall(r"Séance (\d)", sessions) == ["1", "2", "3", "4", "5"]
    text = visible_text(response)
    for title in ("La formation-action", "Grenoble", "Ressources", "Mentions légales", "Contact"):
        assert title in text
    assert "Bilan de la formation-action" not in text  # waiting for review, never published


def test_the_sitemap_page_names_restricted_pages_only_to_who_may_see_them(audience, secret_page):
    text = visible_text(audience.get(SitemapPage.objects.get().url))
    for title in (SECRET, "Sous-page réservée", "Espace participants"):
        assert (title in text) is audience.may_see_restricted, (audience.audience, title)


def test_the_sitemap_page_leaves_out_a_draft_and_what_lies_under_it(client, demo):
    draft = ContentPageFactory(parent=demo, title="Brouillon jamais publié", slug="brouillon")
    ContentPageFactory(parent=draft, title="Enfant publié d’un brouillon", slug="enfant")
    draft.unpublish()
    text = visible_text(client.get(SitemapPage.objects.get().url))
    assert "Brouillon jamais publié" not in text
    assert "Enfant publié" not in text


def test_the_footer_links_to_the_sitemap_and_the_contact_page(audience, demo):
    html = audience.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert '<a href="/plan-du-site/">Plan du site</a>' in footer
    assert '<a href="/contact/">Contact</a>' in footer


def test_a_footer_link_to_a_restricted_page_is_not_shown_to_who_may_not_see_it(
    audience, demo, restrict_to_participants
):
    restrict_to_participants(contact_page())
    footer = audience.get("/").content.decode().split("<footer")[1]
    assert ('href="/contact/"' in footer) is audience.may_see_restricted


# Contact page


def test_the_contact_page_shows_its_form_and_the_partners_addresses(audience, demo):
    response = audience.get("/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Nom", "Adresse électronique", "Objet", "Message"):
        assert f">{label}</label>" in html
    text = visible_text(response)
    assert "35 rue Chevreul" in text and "4 rue de Narvik" in text
    assert "Contenu d'exemple" in text  # the invented addresses say so
    assert "supprimés au bout de 365 jours" in text


def test_a_message_is_kept_for_the_staff_and_emailed_to_them(client, demo, settings):
    settings.CONTACT_EMAIL = "equipe@example.org"
    response = client.post("/contact/", message())
    assert response.status_code == 200
    assert "Message envoyé" in visible_text(response)
    assert "votre message a bien été transmis" in visible_text(response)
    submission = FormSubmission.objects.get()
    assert submission.page_id == contact_page().pk
    assert submission.get_data()["objet"] == "Les supports de la séance 3"
    assert "site_web" not in submission.get_data()
    (sent,) = mail.outbox
    assert sent.to == ["equipe@example.org"]
    assert sent.reply_to == ["camille.martin@example.org"]
    assert sent.subject.endswith(" : Les supports de la séance 3")
    assert "Bonjour, où trouver les supports" in sent.body
    assert "Ne remplissez pas" not in sent.body


def test_the_pages_own_addresses_take_the_place_of_contact_email(client, demo):
    page = contact_page()
    page.to_address = "aradel@example.org, crdsu@example.org"
    page.save()
    client.post("/contact/", message())
    assert mail.outbox[0].to == ["aradel@example.org", "crdsu@example.org"]


def test_a_subject_with_a_line_break_is_sent_on_one_line(client, demo):
    response = client.post("/contact/", message(objet="Question\r\nBcc: cible@example.org"))
    assert response.status_code == 200
    assert mail.outbox[0].subject.endswith(" : Question Bcc: cible@example.org")
    assert "cible@example.org" not in mail.outbox[0].bcc


def test_a_mail_server_that_fails_loses_no_message(client, demo, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP injoignable")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = client.post("/contact/", message())
    assert response.status_code == 200
    assert "Message envoyé" in visible_text(response)
    assert FormSubmission.objects.count() == 1


def test_an_incomplete_message_is_answered_in_french_and_keeps_what_was_typed(client, demo):
    response = client.post("/contact/", message(adresse_electronique="pas-une-adresse", nom=""))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Le message n'a pas été envoyé : corrigez les champs signalés" in text
    assert "Nom Champ requis." in text
    assert "Adresse électronique Saisissez une adresse de courriel valide." in text
    assert "Bonjour, où trouver les supports" in text
    assert FormSubmission.objects.count() == 0 and mail.outbox == []


def test_a_nul_character_is_refused_in_french_not_with_a_500(client, demo):
    response = client.post("/contact/", message(message="Bonjour\x00"))
    assert response.status_code == 200
    assert "Le caractère nul n'est pas autorisé." in visible_text(response)
    assert FormSubmission.objects.count() == 0


def test_the_honeypot_is_hidden_from_people_and_labelled_for_who_meets_it(client, demo):
    html = client.get("/contact/").content.decode()
    trap = re.search(r'<div class="contact-form__trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert "Ne remplissez pas ce champ" in trap.group(1)
    assert re.search(r'<input[^>]*name="site_web"[^>]*tabindex="-1"', trap.group(1))


def test_an_editor_cannot_give_a_field_the_honeypots_name(demo):
    page = contact_page()
    page.form_fields.add(ContactFormField(label="Site web", field_type="url"))
    with pytest.raises(ValidationError, match="réservé au champ invisible"):
        page.full_clean()


def test_a_robot_that_fills_the_honeypot_gets_a_calm_answer_and_nothing_is_kept_or_sent(
    client, demo
):
    response = client.post("/contact/", message(site_web="https://spam.example.com"))
    assert response.status_code == 200
    assert "Message envoyé" in visible_text(response)
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_twenty_messages_a_minute_get_a_french_429_that_keeps_what_was_typed(
    client, demo, settings
):
    settings.CONTACT_RATE_LIMIT = 5
    answers = [client.post("/contact/", message(objet=f"Essai {n}")) for n in range(20)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 15
    refused = answers[5]
    assert refused["Retry-After"] == str(settings.CONTACT_RATE_WINDOW_MINUTES * 60)
    text = visible_text(refused)
    assert "Votre message n'a pas été envoyé : trop de messages" in text
    assert "Réessayez dans 10 minutes" in text
    assert 'value="Essai 5"' in refused.content.decode()  # what was typed is still there
    assert "Bonjour, où trouver les supports" in text
    assert FormSubmission.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_limit_is_per_client_address(client, demo, settings):
    settings.CONTACT_RATE_LIMIT = 1
    assert client.post("/contact/", message()).status_code == 200
    assert client.post("/contact/", message()).status_code == 429
    other = client.post("/contact/", message(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_a_cache_outage_lets_messages_through(client, demo, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache injoignable")

    monkeypatch.setattr("django.core.cache.backends.locmem.LocMemCache.add", broken)
    assert client.post("/contact/", message()).status_code == 200
    assert FormSubmission.objects.count() == 1


def test_the_submissions_are_read_by_the_staff_only(audience, demo):
    page = contact_page()
    FormSubmission.objects.create(
        page=page, form_data={**message(), "message": "Message confidentiel de Camille"}
    )
    for url in (
        reverse("wagtailforms:index"),
        reverse("wagtailforms:list_submissions", args=[page.pk]),
    ):
        response = audience.get(url)
        if audience.audience == "editor":
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), (audience.audience, url)
            assert "Camille" not in response.content.decode()
    listing = audience.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert ("Message confidentiel de Camille" in listing.content.decode()) is (
        audience.audience == "editor"
    )


def test_contact_messages_are_deleted_after_the_retention_period(demo, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    page = contact_page()
    old = FormSubmission.objects.create(page=page, form_data=message())
    recent = FormSubmission.objects.create(page=page, form_data=message())
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - timedelta(days=366)
    )
    FormSubmission.objects.filter(pk=recent.pk).update(
        submit_time=timezone.now() - timedelta(days=364)
    )
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 message(s) de contact de plus de 365 jours supprimé(s)" in out.getvalue()


def test_the_privacy_page_says_what_becomes_of_contact_messages(client, demo):
    text = visible_text(client.get("/donnees-personnelles/"))
    assert "Formulaire de contact" in text
    assert "pendant 365 jours" in text


def test_the_contact_page_is_never_stored_in_the_page_cache(client, demo, settings):
    """Its form carries a CSRF token of this visitor's: a stored copy would fail for others."""
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/")  # a first visit: the visitor now has a CSRF cookie
    client.get("/contact/")
    second = client.get("/contact/")
    assert second.get("X-Cache-Pages") != "hit"


# Partners, funders, icons


def test_partners_show_their_logo_and_link_everywhere_they_are_named(client, demo):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert '<a href="https://www.aradel.asso.fr"><strong>ARADEL</strong>' in footer
    assert '<a href="http://www.crdsu.org"><strong>CR•DSU</strong>' in footer
    partners = html[html.index('id="home-partners"') : html.index('id="home-funders"')]
    assert re.search(
        r'<img alt="ARADEL \(logo provisoire\)"[^>]*class="organisation__logo"', partners
    )
    assert re.search(r'<img alt="CR•DSU \(logo provisoire\)"', partners)
    assert '<a href="http://www.crdsu.org">CR•DSU</a>' in partners


def test_the_logos_are_served_to_every_visitor(audience, demo):
    html = audience.get("/").content.decode()
    sources = re.findall(r'<img[^>]*class="organisation__logo"[^>]*src="([^"]+)"', html)
    sources += re.findall(r'<img[^>]*src="([^"]+)"[^>]*class="organisation__logo"', html)
    assert len(set(sources)) == 4
    for source in set(sources):
        response = audience.get(source)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public")


def test_funders_are_shown_as_flagged_placeholders(client, demo):
    response = client.get("/")
    html = response.content.decode()
    funders = html[html.index('id="home-funders"') :]
    funders = funders[: funders.index("</section>")]
    assert "Avec le soutien de" in funders
    assert "Région Rhône-Alpes" in funders
    assert funders.count("Contenu d’exemple") == 2
    assert funders.count("Financeur et logo à confirmer.") == 2


def test_an_unpublished_funder_is_not_shown(client, demo):
    funder = Organisation.objects.get(short_name="Région Rhône-Alpes")
    funder.unpublish()
    assert "Région Rhône-Alpes" not in client.get("/").content.decode()


def test_favicon_and_touch_icons_are_served_at_the_root(client, settings):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response["Cache-Control"] == "public, max-age=86400"
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200 and touch["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(touch.streaming_content))).size == (180, 180)


def test_every_page_announces_its_icons_and_manifest(client, demo):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert re.search(
        r'<link rel="apple-touch-icon" href="/static/img/apple-touch-icon[^"]*png">', html
    )
    manifest = re.search(r'<link rel="manifest" href="(/static/site[^"]*\.webmanifest)">', html)
    from django.contrib.staticfiles import finders

    with open(finders.find("site.webmanifest"), encoding="utf-8") as manifest_file:
        data = json.load(manifest_file)
    assert manifest and data["lang"] == "fr"
    for icon in data["icons"]:
        path = finders.find(icon["src"])
        assert path, icon["src"]
        if icon["type"] == "image/png":
            width, height = (int(n) for n in icon["sizes"].split("x"))
            assert Image.open(path).size == (width, height)


def test_the_footer_settings_offer_only_the_right_page_types(demo):
    footer = FooterSettings.objects.get()
    assert isinstance(footer.sitemap_page.specific, SitemapPage)
    assert isinstance(footer.contact_page.specific, ContactPage)
