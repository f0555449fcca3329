"""The page of each document, /ressources/documents/<public_id>/ (documents.document_page):
what it shows, how to cite it, its licence, the lists that link to it, and its privacy for
four users (a restricted document, session or territory never appears, is never counted nor
named on it; a hidden document answers as a missing one)."""

import datetime
import json
import re
import uuid

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, Site

import pytest

from access.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, PUBLISHERS_GROUP, REVIEWERS_GROUP
from documents.document_page import RELATED_SHOWN
from documents.factories import LibraryPageFactory, ResourceFactory
from documents.models import LibraryPage, LicenceSettings, Resource, ResourceCollectionPage, Theme
from home.page_cache import CACHE_ALIAS, HEADER
from people.factories import OrganisationFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from . import files
from .conftest import visible_text
from .staff import logged_in, member

pytestmark = pytest.mark.django_db

SECRET = "Portrait confidentiel de Mistral"
SECRET_SESSION = "Séance 3"
SECRET_TERRITORY = "Territoire Mistral"
DRAFT_THEME = "Thème en brouillon"
WAITING = "Note en attente de validation"


@pytest.fixture
def site(home_page, restrict_to_participants, restricted_groups):
    library = LibraryPageFactory(parent=home_page)
    sessions = SessionIndexPageFactory(parent=home_page)
    public_session = SessionPageFactory(parent=sessions, number=2, date=datetime.date(2014, 5, 1))
    secret_session = SessionPageFactory(parent=sessions, number=3)
    restrict_to_participants(secret_session)
    territories = TerritoryIndexPageFactory(parent=home_page)
    grenoble = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    mistral = TerritoryPageFactory(parent=territories, title=SECRET_TERRITORY, slug="mistral")
    restrict_to_participants(mistral)
    employment = Theme.objects.create(name="Emploi", slug="emploi")
    draft_theme = Theme.objects.create(name=DRAFT_THEME, slug="brouillon", live=False)
    private = Collection.get_first_root_node().add_child(name="Privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)

    # Public, but of a restricted session and a restricted territory (and a draft theme).
    public = ResourceFactory(
        title="Programme public",
        kind="programme",
        description="Le programme de la journée.",
        session=secret_session,
        file=ContentFile(files.pdf(title="Programme"), name="programme.pdf"),
    )
    public.territories.set([grenoble, mistral])
    public.themes.set([employment, draft_theme])
    # Related to it through the restricted session only: not related for the public.
    by_session = ResourceFactory(title="Même séance réservée", session=secret_session)
    # Related through the public territory.
    neighbour = ResourceFactory(title="Voisin public", session=public_session)
    neighbour.territories.set([grenoble])
    # Restricted, of the public session and territory.
    secret = ResourceFactory(
        title=SECRET,
        kind="synthese",
        collection=private,
        session=public_session,
        file=ContentFile(files.pdf(title="Mistral secret"), name="portrait-mistral.pdf"),
    )
    secret.territories.set([grenoble])
    waiting = ResourceFactory(title=WAITING, released_at=None)
    waiting.territories.set([grenoble])
    return {
        "library": library,
        "public": public,
        "by_session": by_session,
        "neighbour": neighbour,
        "secret": secret,
        "waiting": waiting,
        "public_session": public_session,
        "grenoble": grenoble,
    }


def page_of(document):
    return LibraryPage.objects.get().document_path(document)


def structured(response):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text)
    return json.loads(found.group(1))


# Privacy: four users


def test_a_public_document_page_names_only_what_the_user_may_see(audience, site):
    response = audience.get(page_of(site["public"]))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Programme public" in text
    assert "Grenoble" in text
    assert "Emploi" in text
    may_see = audience.may_see_restricted
    # The restricted session and territory: named (in the facts, the citation and the
    # structured data) only to those who may see them.
    assert (SECRET_SESSION in text) == may_see
    assert (SECRET_TERRITORY in text) == may_see
    assert (SECRET_SESSION in response.text) == may_see
    assert ("mistral" in response.text.lower()) == may_see
    data = structured(response)
    assert ("isPartOf" in data) == may_see
    assert [place["name"] for place in data["spatialCoverage"]] == (
        ["Grenoble", SECRET_TERRITORY] if may_see else ["Grenoble"]
    )
    # A theme waiting for the editorial workflow is named to no one.
    assert DRAFT_THEME not in response.text


def test_related_documents_are_only_those_the_user_may_see(audience, site):
    response = audience.get(page_of(site["public"]))
    related = [document.title for document in response.context["related_documents"]]
    may_see = audience.may_see_restricted
    # Related through the public territory.
    assert "Voisin public" in related
    # Through Grenoble too, but restricted, or waiting for its release (the staff only).
    assert (SECRET in related) == may_see
    assert (WAITING in related) == (audience.audience == "editor")
    # Related by the restricted session, which relates nothing for those who may not see it.
    assert ("Même séance réservée" in related) == may_see
    text = visible_text(response)
    assert (SECRET in text) == may_see
    assert (WAITING in text) == (audience.audience == "editor")


def test_a_restricted_document_page_is_for_those_who_may_see_it(audience, site):
    response = audience.get(page_of(site["secret"]))
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert SECRET in visible_text(response)
        assert "Réservé aux participants" in visible_text(response)
        # Served privately: no shared cache keeps it, no search engine indexes it.
        assert response["Cache-Control"] == "private, no-cache"
        assert response["X-Robots-Tag"] == "noindex"
        assert '<meta name="robots" content="noindex">' in response.text
    else:
        assert response.status_code == 404
        assert SECRET not in response.text
        assert "portrait-mistral" not in response.text


def _comparable(html, address):
    """The page without its address and its CSRF token (masked anew for each answer)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(address, "N")


def test_a_hidden_document_page_answers_as_a_missing_one(audience, site):
    if audience.may_see_restricted:
        return
    for hidden_document in (site["secret"], site["waiting"]):
        hidden_address = page_of(hidden_document)
        missing_address = hidden_address.replace(str(hidden_document.public_id), str(uuid.uuid4()))
        hidden = audience.get(hidden_address)
        absent = audience.get(missing_address)
        assert hidden.status_code == absent.status_code == 404
        assert _comparable(hidden.text, hidden_address) == _comparable(absent.text, missing_address)
        for header in ("Content-Type", "Cache-Control", "Vary", "Location", "X-Robots-Tag"):
            assert hidden.get(header) == absent.get(header), header
        assert "Page introuvable" in visible_text(hidden)
        assert hidden_document.title not in hidden.text


def test_a_waiting_document_page_is_for_the_staff_only(audience, site):
    response = audience.get(page_of(site["waiting"]))
    if audience.audience == "editor":
        assert response.status_code == 200
        assert "En attente de validation" in visible_text(response)
        assert response["Cache-Control"] == "private, no-cache"
    else:
        assert response.status_code == 404


def test_a_restricted_library_takes_its_documents_pages_with_it(
    client, site, participant, restrict_to_participants
):
    restrict_to_participants(site["library"])
    assert client.get(page_of(site["public"])).status_code == 404
    client.force_login(participant)
    assert client.get(page_of(site["public"])).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/ressources/documents/pas-un-identifiant/",
        "/ressources/documents/12/",
        "/ressources/documents/",
        "/ressources/documents/00000000-0000-0000-0000-000000000000/",
        "/ressources/documents/00000000-0000-0000-0000-000000000000/encore/",
    ],
)
def test_bad_addresses_get_the_french_404_page(client, site, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "Page introuvable" in visible_text(response)


def test_the_numbered_address_of_a_document_leads_to_no_page(client, site):
    """Pages are found by the random identifier only: the pk would count the hidden ones."""
    response = client.get(f"/ressources/documents/{site['public'].pk}/")
    assert response.status_code == 404


# What the page shows


@pytest.fixture
def cited(site):
    document = site["neighbour"]
    Resource.objects.filter(pk=document.pk).update(
        authors="Michel Basset, Anne Durand",
        document_date=datetime.date(2014, 5, 1),
        page_count=12,
        file_format="pdf",
        organisation=OrganisationFactory(short_name="ARADEL"),
    )
    document.refresh_from_db()
    return document


def test_the_page_shows_the_documents_metadata(client, cited, site):
    LibraryPage.objects.filter(pk=site["library"].pk).update(show_in_menus=True)
    response = client.get(page_of(cited))
    text = visible_text(response)
    for fact in (
        "Auteurs Michel Basset, Anne Durand",
        "Organisation ARADEL (Organisation numéro",
        "Date 1 mai 2014",
        "Séance Séance 2 , 1 mai 2014",
        "Territoire Grenoble",
        "Type Document de travail",
        "Format PDF",
        "Pages 12",
        "Licence Licence Ouverte / Etalab 2.0",
    ):
        assert fact in text, fact
    html = response.text
    assert f'href="{cited.url}"' in html  # the download, at its own address
    assert f'href="{site["public_session"].url}"' in html
    assert 'href="/ressources/?type=document_travail"' in html
    assert (
        '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license">' in html
    )
    # The breadcrumbs end with the document; the menu marks the library as its section.
    assert re.search(
        r'<a href="/ressources/">Ressources</a></li>\s*<li><span aria-current="page">Voisin public',
        html,
    )
    assert 'href="/ressources/" class="is-active">Ressources</a>' in html
    assert 'aria-current="page">Ressources' not in html
    assert "<title>Voisin public — Développement économique urbain</title>" in html


def citation(response):
    found = re.search(r'<p class="citation__text">(.*?)</p>', response.text, flags=re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("\u00a0", " ").replace("\u202f", " ")


def test_comment_citer(client, cited):
    response = client.get(page_of(cited))
    today = timezone.localdate()
    day = "1er" if today.day == 1 else str(today.day)
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    consulted = f"{day} {months.split()[today.month - 1]} {today.year}"
    # The address as the visitor reached it (the request's host).
    address = f"http://testserver{page_of(cited)}"
    assert citation(response) == (
        "Michel Basset, Anne Durand. Voisin public. Séance 2, 1er mai 2014. Formation-action "
        "« Développement économique urbain ». PDF, 12 p. Disponible sur : "
        f"{address} (consulté le {consulted})."
    )
    assert "<cite>Voisin public</cite>" in response.text


def test_without_authors_the_organisation_comes_first(client, cited):
    Resource.objects.filter(pk=cited.pk).update(authors="")
    assert citation(client.get(page_of(cited))).startswith("ARADEL. Voisin public. Séance 2")


def test_a_title_that_ends_a_sentence_takes_no_second_full_stop(client, cited):
    Resource.objects.filter(pk=cited.pk).update(title="Quel commerce pour le quartier ?")
    assert "Quel commerce pour le quartier ? Séance 2" in citation(client.get(page_of(cited)))


def test_a_draft_organisation_is_not_named(client, cited):
    cited.organisation.live = False
    cited.organisation.save()
    response = client.get(page_of(cited))
    assert "ARADEL (" not in response.text
    assert citation(response).startswith("Michel Basset, Anne Durand. Voisin public.")
    assert "publisher" not in structured(response)


def test_structured_data_is_a_digital_document_with_its_licence(client, cited):
    data = structured(client.get(page_of(cited)))
    assert data["@type"] == "DigitalDocument"
    assert data["name"] == "Voisin public"
    assert data["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert data["author"] == [
        {"@type": "Person", "name": "Michel Basset"},
        {"@type": "Person", "name": "Anne Durand"},
    ]
    assert data["dateCreated"] == "2014-05-01"
    assert data["url"].endswith(page_of(cited))


def test_canonical_address_and_description(client, site):
    html = client.get(page_of(site["public"])).text
    assert f'<link rel="canonical" href="http://localhost{page_of(site["public"])}">' in html
    assert (
        '<meta name="description" content="Programme public. Le programme de la journée.">' in html
    )
    assert 'name="robots"' not in html


def test_related_documents_are_few_and_closest_first(client, site):
    grenoble = site["grenoble"]
    for n in range(RELATED_SHOWN + 3):
        ResourceFactory(title=f"Autre document {n}").territories.set([grenoble])
    closest = ResourceFactory(
        title="Même séance et même territoire", session=site["public_session"]
    )
    closest.territories.set([grenoble])
    response = client.get(page_of(site["neighbour"]))
    related = response.context["related_documents"]
    assert len(related) == RELATED_SHOWN
    assert related[0].title == "Même séance et même territoire"
    assert site["neighbour"] not in related
    assert f'href="{page_of(closest)}"' in response.text


# Licence


def test_a_documents_own_licence_wins_over_the_sites_default(client, site):
    Resource.objects.filter(pk=site["neighbour"].pk).update(licence="cc-by-sa-4.0")
    response = client.get(page_of(site["neighbour"]))
    assert "CC BY-SA 4.0" in visible_text(response)
    assert (
        structured(response)["license"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"
    )


def test_the_sites_default_licence_is_set_by_publishers(client, site):
    settings = LicenceSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.default_licence == "etalab-2.0"
    settings.default_licence = "tous-droits-reserves"
    settings.save()
    response = client.get(page_of(site["neighbour"]))
    assert "Licence Tous droits réservés" in visible_text(response)
    data = structured(response)
    assert "license" not in data
    assert data["copyrightNotice"] == "Tous droits réservés"


def test_publishers_and_administrators_change_the_default_licence(db):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    permission = "documents.change_licencesettings"
    for group, allowed in (
        (PUBLISHERS_GROUP, True),
        (ADMINISTRATORS_GROUP, True),
        (EDITORS_GROUP, False),
        (REVIEWERS_GROUP, False),
    ):
        user = member(group, f"membre-{group[:5].lower()}")
        assert user.has_perm(permission) == allowed, group


def test_the_licence_settings_form_is_reachable_by_a_publisher(home_page):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    publisher = member(PUBLISHERS_GROUP, "publication")
    response = logged_in(publisher).get(
        f"/admin/settings/documents/licencesettings/{Site.objects.get().pk}/"
    )
    assert response.status_code == 200
    assert "Licence par défaut des documents" in response.text
    assert "Licence Ouverte / Etalab 2.0" in response.text
    editor = member(EDITORS_GROUP, "redacteur")
    response = logged_in(editor).get(
        f"/admin/settings/documents/licencesettings/{Site.objects.get().pk}/"
    )
    assert response.status_code in (302, 403)


def test_the_document_form_offers_a_licence(site):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    publisher = member(PUBLISHERS_GROUP, "publication")
    response = logged_in(publisher).get(f"/admin/documents/edit/{site['neighbour'].pk}/")
    assert response.status_code == 200
    assert 'name="licence"' in response.text
    assert "Tous droits réservés" in response.text


# Sitemap, page cache


def test_the_sitemap_lists_the_pages_of_public_documents_only(audience, site):
    xml = audience.get("/sitemap.xml").content.decode()
    assert f"http://localhost{page_of(site['public'])}</loc>" in xml
    assert f"http://localhost{page_of(site['neighbour'])}</loc>" in xml
    assert str(site["secret"].public_id) not in xml
    assert str(site["waiting"].public_id) not in xml


def test_anonymous_visitors_get_the_page_from_the_cache_and_changes_refresh_it(
    client, site, settings
):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    address = page_of(site["neighbour"])
    assert client.get(address)[HEADER] == "miss"
    assert client.get(address)[HEADER] == "hit"
    # Made restricted: the stored page goes at once.
    document = Resource.objects.get(pk=site["neighbour"].pk)
    document.collection = Collection.objects.get(name="Privé")
    document.save()
    assert client.get(address).status_code == 404


def test_a_participants_page_is_never_stored(client, site, participant, settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    client.force_login(participant)
    response = client.get(page_of(site["secret"]))
    assert response.status_code == 200
    assert HEADER not in response
    client.logout()
    assert client.get(page_of(site["secret"])).status_code == 404


# Lists link to the page; the download link stays


def _links_to_pages(html):
    return set(re.findall(r'href="/ressources/documents/([0-9a-f-]{36})/"', html))


def _downloads(html):
    return set(re.findall(r'href="/documents/([0-9a-f-]{36})/telecharger/"', html))


def test_every_list_links_each_document_to_its_page_and_download(demo, client):
    participant = Group.objects.get(name="Participants").user_set.get(username="participant")
    pages = {
        "accueil": "/",
        "bibliothèque": "/ressources/",
        "séance": "/sessions/seance-1/",
        "territoire": "/territoires/grenoble/",
        "collection": ResourceCollectionPage.objects.live().public().first().url,
        "recherche": "/recherche/?q=programme",
    }
    for name, address in pages.items():
        html = client.get(address).text
        pages_linked = _links_to_pages(html)
        assert pages_linked, name
        assert pages_linked == _downloads(html), name
    client.force_login(participant)
    html = client.get("/espace-participants/").text
    assert _links_to_pages(html) and _links_to_pages(html) == _downloads(html)
