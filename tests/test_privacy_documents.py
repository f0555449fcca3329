"""A participants-only document never reaches anyone else: library and its facet counts,
search, session and territory pages, collection pages, the session ZIP, previews, downloads.
Each test runs for three users; the raw-path tests run with DEBUG off and on."""

import io
import re
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from documents.factories import LibraryPageFactory, ResourceFactory
from documents.models import Resource, ResourceCollectionPage
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from . import files
from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Portrait confidentiel de Mistral"


@pytest.fixture
def site(home_page, restricted_groups):
    library = LibraryPageFactory(parent=home_page)
    sessions = SessionIndexPageFactory(parent=home_page)
    session = SessionPageFactory(parent=sessions, number=2)
    territories = TerritoryIndexPageFactory(parent=home_page)
    territory = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    private = Collection.get_first_root_node().add_child(name="Privé")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    secret = ResourceFactory(
        title=SECRET,
        kind="synthese",
        collection=private,
        session=session,
        file=ContentFile(files.pdf(title="Mistral secret"), name="portrait-mistral.pdf"),
    )
    secret.territories.set([territory])
    secret.refresh_search_vector()
    public = ResourceFactory(
        title="Programme public",
        kind="programme",
        session=session,
        file=ContentFile(files.pdf(title="Programme"), name="programme.pdf"),
    )
    public.territories.set([territory])
    collection_page = ResourceCollectionPage(
        title="Synthèses", slug="syntheses", rule_kind="synthese"
    )
    library.add_child(instance=collection_page)
    return {"secret": secret, "public": public, "session": session, "territory": territory}


def test_library_and_its_facet_counts(audience, site):
    response = audience.get("/ressources/")
    text = visible_text(response)
    assert (SECRET in text) == audience.may_see_restricted
    facets = {f.param: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    if audience.may_see_restricted:
        assert facets["type"] == {"programme": 1, "synthese": 1}
        assert facets["seance"] == {"2": 2}
    else:
        assert facets["type"] == {"programme": 1}
        assert facets["seance"] == {"2": 1}
        assert "Synthèse" not in text
        assert "2 ressources" not in text


def test_library_search_and_its_count(audience, site):
    response = audience.get("/ressources/?q=Mistral")
    text = visible_text(response)
    if audience.may_see_restricted:
        assert "1 ressource pour" in text
        assert SECRET in text
    else:
        assert "0 ressource pour" in text
        assert "Mistral secret" not in response.content.decode().replace("« Mistral »", "")


def test_library_relevance_note_counts_only_what_the_user_may_see(audience, site, monkeypatch):
    """Past FULL_RANK_MAX matches, the library says its relevance reads titles, descriptions
    and metadata only: the matches counted are the user's, so the note never hints at a
    restricted document."""
    monkeypatch.setattr("documents.library.FULL_RANK_MAX", 1)
    site["public"].refresh_search_vector()  # its territory's name, Grenoble, in its metadata
    response = audience.get("/ressources/?q=Grenoble")
    text = visible_text(response)
    assert ("2 ressources pour" in text) == audience.may_see_restricted
    assert ("Plus de 1 ressources correspondent" in text) == audience.may_see_restricted
    if not audience.may_see_restricted:
        assert "1 ressource pour" in text


def test_session_and_territory_pages(audience, site):
    for url in ("/sessions/seance-2/", "/territoires/grenoble/"):
        text = visible_text(audience.get(url))
        assert "Programme public" in text
        assert (SECRET in text) == audience.may_see_restricted, url


def test_resource_collection_page(audience, site):
    text = visible_text(audience.get("/ressources/syntheses/"))
    assert (SECRET in text) == audience.may_see_restricted


def test_session_zip_holds_only_what_the_user_may_see(audience, site):
    response = audience.get("/documents/seance-2.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert "programme.pdf" in names
    assert ("portrait-mistral.pdf" in names) == audience.may_see_restricted
    assert archive.read("programme.pdf").startswith(b"%PDF")


def test_session_zip_names_a_missing_file_only_to_those_who_may_see_it(audience, site):
    secret = site["secret"]
    secret.file.storage.delete(secret.file.name)
    response = audience.get("/documents/seance-2.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("programme.pdf").startswith(b"%PDF")
    if audience.may_see_restricted:
        assert archive.namelist() == ["programme.pdf", "LISEZ-MOI.txt"]
        note = archive.read("LISEZ-MOI.txt").decode()
        assert f"- {SECRET} : fichier introuvable" in note
        assert "depuis la page de la séance : http://testserver/sessions/seance-2/" in note
    else:
        assert archive.namelist() == ["programme.pdf"]


@pytest.mark.parametrize(
    "query", ["", "?seance=2", "?territoire=grenoble", "?type=synthese", "?q=Mistral"]
)
def test_selection_zip_holds_only_what_the_user_may_see(audience, site, query):
    """« Télécharger la sélection »: whatever the selection, a restricted document is in the
    archive only for those who may see it; for the others a selection of it alone is empty."""
    response = audience.get("/documents/selection.zip" + query)
    if query in ("?type=synthese", "?q=Mistral") and not audience.may_see_restricted:
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        return
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert ("portrait-mistral.pdf" in names) == audience.may_see_restricted
    if query not in ("?type=synthese", "?q=Mistral"):
        assert "programme.pdf" in names


def test_the_library_sizes_the_selection_from_what_the_user_may_see(audience, site):
    text = visible_text(audience.get("/ressources/"))
    number = 2 if audience.may_see_restricted else 1
    assert f"ZIP, {number} document" in text


def test_selection_zip_names_a_missing_file_only_to_those_who_may_see_it(audience, site):
    secret = site["secret"]
    secret.file.storage.delete(secret.file.name)
    response = audience.get("/documents/selection.zip?seance=2")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    if audience.may_see_restricted:
        assert sorted(archive.namelist()) == ["LISEZ-MOI.txt", "programme.pdf"]
        note = archive.read("LISEZ-MOI.txt").decode()
        assert f"- {SECRET} : fichier introuvable" in note
        assert "depuis la bibliothèque : http://testserver/ressources/?seance=2" in note
    else:
        assert archive.namelist() == ["programme.pdf"]


class _FailsAfterFirstRead(io.BytesIO):
    """A stored file whose storage stops answering once its reading has begun."""

    def read(self, size=-1):
        if self.tell():
            raise OSError("Erreur d’entrée-sortie")
        return super().read(8)


def test_session_zip_names_a_file_cut_by_a_failing_storage(client, site, participant, monkeypatch):
    failing = site["public"].file.name
    real_open = FieldFile.open

    def open_file(field, mode="rb"):
        if field.name == failing:
            return _FailsAfterFirstRead(b"%PDF-1.4 et la suite")
        return real_open(field, mode)

    monkeypatch.setattr(FieldFile, "open", open_file)
    client.force_login(participant)
    response = client.get("/documents/seance-2.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    # In title order: the secret portrait (whole), then the programme (begun, then cut).
    assert archive.namelist() == ["portrait-mistral.pdf", "programme.pdf", "LISEZ-MOI.txt"]
    assert archive.read("portrait-mistral.pdf").startswith(b"%PDF")
    assert archive.read("programme.pdf") == b"%PDF-1.4"
    note = archive.read("LISEZ-MOI.txt").decode()
    assert "- Programme public : incomplet dans l’archive" in note
    assert SECRET not in note


def assert_refused(audience, response):
    """Anonymous visitors are sent to log in; logged-in users who may not see get a 404."""
    if audience.audience == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/")
    else:
        assert response.status_code == 404


def test_previews_follow_their_documents_privacy(audience, site):
    assert audience.get(site["public"].preview_url).status_code == 200
    response = audience.get(site["secret"].preview_url)
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
    else:
        assert_refused(audience, response)


def test_downloads(audience, site):
    response = audience.get(site["public"].url)
    assert response.status_code == 200
    assert 'filename="programme.pdf"' in response["Content-Disposition"]
    response = audience.get(site["secret"].url)
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert_refused(audience, response)
        # Not even the file name leaks through a redirect.
        assert "portrait-mistral" not in response.get("Location", "")
    # Wagtail's own route is not mounted: one way out for a file.
    response = audience.get(f"/documents/{site['secret'].pk}/{site['secret'].filename}")
    assert response.status_code == 404


def _same_answer(hidden, absent, hidden_address, absent_address):
    assert hidden.status_code == absent.status_code
    assert hidden.get("Location", "").replace(hidden_address, "N") == absent.get(
        "Location", ""
    ).replace(absent_address, "N")


def test_a_hidden_document_looks_like_a_missing_one(audience, site):
    if audience.may_see_restricted:
        return
    secret = str(site["secret"].public_id)
    missing = str(uuid.uuid4())
    for view in ("telecharger", "apercu"):
        hidden = audience.get(f"/documents/{secret}/{view}/")
        absent = audience.get(f"/documents/{missing}/{view}/")
        _same_answer(hidden, absent, secret, missing)


def test_download_addresses_tell_nothing_of_other_documents(audience, site):
    """Public links carry a random identifier: no sequence to count restricted documents by."""
    for url in ("/ressources/", "/flux.xml"):
        links = re.findall(r"/documents/([^/\"]+)/telecharger/", audience.get(url).content.decode())
        assert links, url
        for identifier in links:
            assert str(uuid.UUID(identifier)) == identifier, url


def test_old_numbered_addresses_redirect_only_for_those_who_may_see(audience, site):
    public, secret = site["public"], site["secret"]
    Resource.objects.filter(pk__in=[public.pk, secret.pk]).update(has_legacy_address=True)
    response = audience.get(f"/documents/{public.pk}/telecharger/")
    assert (response.status_code, response["Location"]) == (301, public.url)
    hidden = audience.get(f"/documents/{secret.pk}/apercu/")
    if audience.may_see_restricted:
        assert (hidden.status_code, hidden["Location"]) == (301, secret.preview_url)
    else:
        missing = str(secret.pk + 1000)
        absent = audience.get(f"/documents/{missing}/apercu/")
        _same_answer(hidden, absent, str(secret.pk), missing)
        assert str(secret.public_id) not in hidden.get("Location", "")


def test_documents_made_since_have_no_numbered_address(client, site):
    """Else the numbering of new documents would count the restricted ones again."""
    public = site["public"]
    assert not public.has_legacy_address
    response = client.get(f"/documents/{public.pk}/telecharger/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_wagtails_shared_password_routes_answer_404(client, site):
    assert client.get("/documents/authenticate_with_password/1/").status_code == 404
    assert client.get("/_util/authenticate_with_password/1/2/").status_code == 404


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize(
    "template",
    [
        "/media/{name}",
        "/media/{preview}",
        "/media/documents/../{name}",
        "/media/images/..%2f{name}",
        "/media/%2e%2e/private/{name}",
        "//media/{name}",
        "/static/../var/private/{name}",
        "/documents/../var/private/{name}",
        # The renditions' route (home.views.image_rendition) is the one media route.
        "/media/images/../../private/{name}",
        "/media/images/%2e%2e/%2e%2e/private/{name}",
        "/media/images/..%2f..%2fprivate%2f{name}",
        "/media/images//{name}",
        "/media/images/.%2e/.%2e/private/{name}",
        "/media/images/..",
        "/media/images/{preview}",
    ],
)
def test_no_raw_path_serves_a_file_or_preview(client, site, settings, debug, template):
    settings.DEBUG = debug
    secret = site["secret"]
    url = template.format(name=secret.file.name, preview=secret.preview.name)
    response = client.get(url)
    assert response.status_code in (400, 404)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert not body.startswith(b"%PDF")
    assert b"WEBP" not in body[:16]


def test_home_latest_resources(audience, site):
    text = visible_text(audience.get("/"))
    assert "Programme public" in text
    assert (SECRET in text) == audience.may_see_restricted
