"""The admin's document listing made for the editors (issue #16, points 7 and 8;
documents.admin_listing): the library's text search, filters, columns, bulk actions within
the user's rights, and checkboxes for territories and themes."""

import re

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse

from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

import pytest

from access.roles import EDITORS_GROUP, PUBLISHERS_GROUP, RESTRICTED_CONTENT_GROUPS
from documents.admin_listing import ResourceChooseView, ResourceIndexView
from documents.collections import default_private_collection, public_collection
from documents.factories import ResourceFactory
from documents.models import DownloadCount, Resource
from editorial.models import Theme
from people.factories import UserFactory
from sessions.models import SessionPage
from territoires.models import TerritoryPage

from . import files
from .staff import logged_in, member

pytestmark = pytest.mark.django_db

LISTING = "/admin/documents/"
# A word of the file only: neither in a title, a description nor any metadata of the demo.
FILE_WORD = "zythologie"
DESCRIPTION_WORD = "maraîchage"


@pytest.fixture
def editor_client(demo):
    return logged_in(member(EDITORS_GROUP, "auteure"))


@pytest.fixture
def publisher_client(demo):
    return logged_in(member(PUBLISHERS_GROUP, "publieuse"))


def pdf_document(title, words, **fields):
    """A real PDF, read by the pipeline as an upload is."""
    content = files.pdf(title=title, sections=[("Annexe", [f"Une note sur la {words}."])])
    return ResourceFactory(title=title, file=ContentFile(content, name="annexe.pdf"), **fields)


def titles(response):
    """The titles of the documents listed, in order."""
    html = response.content.decode()
    return re.findall(r'id="document_\d+_title">([^<]*)</span>', html)


def listed(client, **params):
    response = client.get(LISTING, params)
    assert response.status_code == 200
    return titles(response)


def test_the_documents_menu_opens_the_editors_listing_and_chooser(demo):
    assert resolve(reverse("wagtaildocs:index")).func.view_class is ResourceIndexView
    assert resolve(reverse("wagtaildocs:index_results")).func.view_class is ResourceIndexView
    assert resolve(reverse("wagtaildocs_chooser:choose")).func.view_class is ResourceChooseView


# Who reaches the listing and the bulk actions.


def bulk_url(action, *documents):
    ids = "&".join(f"id={d.pk}" for d in documents)
    return reverse("wagtail_bulk_action", args=["documents", "resource", action]) + f"?{ids}"


@pytest.mark.parametrize("who", ["anonymous", "outsider", "participant"])
def test_outside_the_staff_nobody_reaches_the_listing_nor_the_bulk_actions(demo, who, request):
    document = pdf_document("Note sur la bière artisanale", FILE_WORD)
    session = SessionPage.objects.order_by("number").first()
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in (LISTING, f"{LISTING}results/", f"{LISTING}?q={FILE_WORD}"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert document.title not in response.content.decode()
    url = bulk_url("choisir_seance", document)
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"description-session": session.pk})
    assert response.status_code in (302, 403)
    document.refresh_from_db()
    assert document.session_id is None


def test_an_editor_reaches_the_listing_with_its_columns(editor_client):
    response = editor_client.get(LISTING)
    assert response.status_code == 200
    header = re.sub(
        r"\s+", " ", response.content.decode().split("<thead>")[-1].split("</thead>")[0]
    )
    headings = [h.strip() for h in re.findall(r">([^<>]+)<", header) if h.strip()]
    expected = ["Aperçu", "Titre", "Type", "Séance", "Territoires et thèmes", "Diffusion"]
    assert headings[: len(expected)] == expected
    assert "Télé\u00adchargements" in headings


# The search: the library's.


def test_the_search_finds_a_word_inside_a_pdf_and_in_the_description(editor_client):
    in_file = pdf_document("Note sur la bière artisanale", FILE_WORD)
    assert FILE_WORD in in_file.extracted_text
    described = ResourceFactory(
        title="Fiche sans rapport", description=f"Le {DESCRIPTION_WORD} en ville."
    )
    assert listed(editor_client, q=FILE_WORD) == [in_file.title]
    # French, accents folded, as in the library.
    assert listed(editor_client, q="maraichage") == [described.title]
    # The library finds the same.
    library = editor_client.get("/ressources/", {"q": FILE_WORD}).content.decode()
    assert in_file.title in library
    # The results fragment (typing in the search box) too.
    results = editor_client.get(f"{LISTING}results/", {"q": FILE_WORD})
    assert titles(results) == [in_file.title]


def test_the_chooser_finds_a_word_inside_a_file(editor_client):
    in_file = pdf_document("Note sur la bière artisanale", FILE_WORD)
    response = editor_client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": FILE_WORD})
    assert response.status_code == 200
    html = response.content.decode()
    assert in_file.title in html
    assert html.count("document-chooser") >= 0  # rendered by Wagtail's own template
    response = editor_client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": "zzzz"})
    assert in_file.title not in response.content.decode()


# What an editor may change, and only that.


@pytest.fixture
def territory_editor(demo):
    """Staff with rights on one collection only (« Grenoble »): the listing, its search, its
    filters and the bulk actions show and change nothing else."""
    root = Collection.get_first_root_node()
    grenoble = root.add_child(name="Grenoble")
    restriction = CollectionViewRestriction.objects.create(
        collection=grenoble, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*Group.objects.filter(name__in=RESTRICTED_CONTENT_GROUPS))
    group = Group.objects.create(name="Rédaction Grenoble")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=grenoble,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    user = UserFactory(username="grenobloise")
    user.groups.add(group)
    return user, grenoble


def test_a_user_sees_in_the_listing_only_the_documents_they_may_change(territory_editor):
    user, grenoble = territory_editor
    mine = pdf_document("Portrait de Grenoble", FILE_WORD, collection=grenoble)
    other = pdf_document("Portrait de Vénissieux", FILE_WORD, collection=public_collection())
    client = logged_in(user)
    assert listed(client) == [mine.title]
    assert listed(client, q=FILE_WORD) == [mine.title]
    theme = Theme.objects.first()
    other.themes.add(theme)
    assert listed(client, theme=theme.pk) == []
    assert listed(client, diffusion="public") == []
    assert listed(client, diffusion="reserve") == [mine.title]
    response = client.get(LISTING, {"q": FILE_WORD})
    assert other.title not in response.content.decode()


def test_a_forged_bulk_action_changes_nothing_it_may_not_change(territory_editor):
    user, grenoble = territory_editor
    mine = pdf_document("Portrait de Grenoble", FILE_WORD, collection=grenoble)
    other = pdf_document("Portrait de Vénissieux", FILE_WORD, collection=public_collection())
    session = SessionPage.objects.order_by("number").first()
    client = logged_in(user)

    # Only documents of others: nothing changes, a French message says so.
    response = client.post(
        bulk_url("choisir_seance", other), {"description-session": session.pk}, follow=True
    )
    other.refresh_from_db()
    assert other.session_id is None
    assert "vous ne pouvez modifier aucun des documents choisis" in response.content.decode()

    # Mixed: the user's own is changed, the other's is not, and the message counts it.
    response = client.post(
        bulk_url("choisir_seance", mine, other), {"description-session": session.pk}, follow=True
    )
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.session_id == session.pk and other.session_id is None
    html = response.content.decode()
    assert "1 des documents choisis ne sont pas modifiables avec vos droits" in html

    # « Select all » with a search: the user's documents only.
    territory = TerritoryPage.objects.order_by("title").first()
    url = reverse("wagtail_bulk_action", args=["documents", "resource", "choisir_territoires"])
    client.post(
        f"{url}?id=all&q={FILE_WORD}",
        {"description-rows": [territory.pk], "description-mode": "ajouter"},
    )
    assert list(mine.territories.all()) == [territory]
    assert not other.territories.exists()


def test_a_bulk_action_with_bad_ids_answers_without_error(editor_client):
    url = reverse("wagtail_bulk_action", args=["documents", "resource", "choisir_seance"])
    response = editor_client.get(f"{url}?id=abc&id=99999999")
    assert response.status_code == 200
    response = editor_client.post(f"{url}?id=abc", {"description-session": "x"})
    assert response.status_code in (200, 302)


# Filters.


@pytest.fixture
def described(demo):
    """Four documents, described so that each filter keeps a different set."""
    sessions = list(SessionPage.objects.order_by("number")[:2])
    territories = list(TerritoryPage.objects.order_by("title")[:2])
    themes = list(Theme.objects.order_by("name")[:2])
    a = ResourceFactory(title="Filtre A", kind="programme", session=sessions[0])
    a.territories.add(territories[0])
    a.themes.add(themes[0])
    b = ResourceFactory(title="Filtre B", kind="programme", session=sessions[0])
    b.territories.add(territories[1])
    b.themes.add(themes[0])
    c = ResourceFactory(
        title="Filtre C",
        kind="compte_rendu",
        session=sessions[1],
        collection=default_private_collection(),
    )
    c.territories.add(territories[0])
    d = ResourceFactory(title="Filtre D", kind="programme", released_at=None)
    return {
        "documents": (a, b, c, d),
        "sessions": sessions,
        "territories": territories,
        "themes": themes,
    }


def only_filtered(titles_listed):
    return sorted(t for t in titles_listed if t.startswith("Filtre "))


def test_the_filters_combine(editor_client, described):
    sessions, territories, themes = (
        described["sessions"],
        described["territories"],
        described["themes"],
    )
    assert only_filtered(listed(editor_client, kind="programme")) == [
        "Filtre A",
        "Filtre B",
        "Filtre D",
    ]
    assert only_filtered(listed(editor_client, kind="programme", session=sessions[0].pk)) == [
        "Filtre A",
        "Filtre B",
    ]
    assert only_filtered(
        listed(editor_client, kind="programme", session=sessions[0].pk, territory=territories[0].pk)
    ) == ["Filtre A"]
    assert only_filtered(listed(editor_client, territory=territories[0].pk)) == [
        "Filtre A",
        "Filtre C",
    ]
    assert only_filtered(listed(editor_client, theme=themes[0].pk, session=sessions[1].pk)) == []
    response = editor_client.get(LISTING, {"theme": themes[0].pk, "session": sessions[1].pk})
    assert "Aucun document ne correspond à ces filtres." in response.content.decode()
    assert only_filtered(listed(editor_client, theme=themes[0].pk)) == ["Filtre A", "Filtre B"]
    # With the search.
    assert only_filtered(listed(editor_client, q="Filtre", session=sessions[1].pk)) == ["Filtre C"]
    # A value that is not one: ignored with the form's message, no error.
    assert editor_client.get(LISTING, {"session": "abc", "kind": "x"}).status_code == 200


def test_the_diffusion_filter_tells_public_reserved_and_waiting(editor_client, described):
    assert only_filtered(listed(editor_client, diffusion="public")) == ["Filtre A", "Filtre B"]
    assert only_filtered(listed(editor_client, diffusion="reserve")) == ["Filtre C"]
    assert only_filtered(listed(editor_client, diffusion="attente")) == ["Filtre D"]
    html = editor_client.get(LISTING, {"q": "Filtre"}).content.decode()
    for label in ("Visible de tous", "Réservé aux participants", "En attente de validation"):
        assert label in html


def test_the_not_indexed_filter_lists_the_files_whose_text_the_site_could_not_read(
    editor_client,
):
    unreadable = ResourceFactory(
        title="Scan illisible", file=ContentFile(files.encrypted_pdf(), name="scan.pdf")
    )
    readable = pdf_document("Note lisible", FILE_WORD)
    assert unreadable.text_status == Resource.TextStatus.NOT_INDEXED
    both = "Scan OR lisible"
    assert set(listed(editor_client, q=both)) == {unreadable.title, readable.title}
    assert listed(editor_client, q=both, text="non_indexe") == [unreadable.title]
    assert listed(editor_client, q=both, text="indexe") == [readable.title]
    assert unreadable.title in listed(editor_client, text="non_indexe")
    assert "Texte non indexé" in editor_client.get(LISTING, {"q": "scan"}).content.decode()


# Columns.


def test_the_columns_show_preview_downloads_session_territories_and_themes(
    editor_client, described
):
    a = described["documents"][0]
    DownloadCount.objects.create(document=a, month="2026-01-01", count=3)
    DownloadCount.objects.create(document=a, month="2026-02-01", count=4)
    pdf = pdf_document("Avec aperçu", FILE_WORD)
    assert pdf.preview
    html = editor_client.get(LISTING, {"q": "Filtre A"}).content.decode()
    row = html[html.index(f'id="document_{a.pk}_title"') :].split("</tr>")[0]
    assert ">7<" in re.sub(r"\s+", "", row)
    assert described["sessions"][0].label in row
    assert described["territories"][0].title in row
    assert described["themes"][0].name in row
    html = editor_client.get(LISTING, {"q": FILE_WORD}).content.decode()
    assert pdf.preview_url in html
    # The thumbnail answers for the staff (the document's own privacy).
    assert editor_client.get(pdf.preview_url).status_code == 200


# The listing's cost does not grow with its rows.


# What a page of the listing reads, whatever its number of rows: the session, the user and
# their rights (7), the collections and tags offered as filters (3), the restrictions (1), the
# count and the page's rows with their session, collection and downloads (2), their
# territories and themes (2), the menus (6: the site settings' rights since the documents'
# licence became a setting), the sessions, territories and themes offered as filters (3).
# Not one per row (thumbnails, counts, names).
QUERIES_FOR_A_PAGE = 23


@pytest.mark.parametrize("count", [5, 20])
def test_the_listing_reads_the_same_queries_for_5_or_20_documents(
    editor_client, count, django_assert_num_queries
):
    territories = list(TerritoryPage.objects.all()[:3])
    themes = list(Theme.objects.all()[:2])
    session = SessionPage.objects.first()
    for n in range(count):
        document = pdf_document(f"Budget {n:02d}", FILE_WORD, session=session)
        document.territories.add(*territories)
        document.themes.add(*themes)
        DownloadCount.objects.create(document=document, month="2026-01-01", count=n)
    with django_assert_num_queries(QUERIES_FOR_A_PAGE):
        response = editor_client.get(LISTING, {"q": FILE_WORD})
    assert len(titles(response)) == count
    assert response.content.decode().count("/apercu/") == count


# Bulk actions: the session, the territories, the themes; the review.


def test_an_editors_bulk_change_of_a_released_document_puts_it_back_to_waiting(
    editor_client, described
):
    a, b, _c, d = described["documents"]
    session = described["sessions"][1]
    response = editor_client.get(bulk_url("choisir_seance", a, d))
    html = response.content.decode()
    assert "repassent en attente de validation" in html
    response = editor_client.post(
        bulk_url("choisir_seance", a, d), {"description-session": session.pk}, follow=True
    )
    a.refresh_from_db()
    d.refresh_from_db()
    assert a.session == session and d.session == session
    assert a.released_at is None and a.released_by is None
    assert "1 repasse en attente de validation" in response.content.decode()
    # Invisible outside the staff again: the library no longer lists it for anyone.
    assert a.title not in Client().get("/ressources/", {"q": "Filtre"}).content.decode()
    # A document the change leaves as it was stays released.
    b.refresh_from_db()
    editor_client.post(
        bulk_url("choisir_seance", b), {"description-session": b.session_id}, follow=True
    )
    b.refresh_from_db()
    assert b.released_at is not None


def test_a_publishers_bulk_change_keeps_the_documents_state(publisher_client, described):
    a, _b, _c, d = described["documents"]
    territory = described["territories"][1]
    response = publisher_client.get(bulk_url("choisir_territoires", a, d))
    assert "ne changent pas l’état des documents" in response.content.decode()
    publisher_client.post(
        bulk_url("choisir_territoires", a, d),
        {"description-rows": [territory.pk], "description-mode": "ajouter"},
    )
    a.refresh_from_db()
    d.refresh_from_db()
    assert set(a.territories.all()) == {described["territories"][0], territory}
    assert list(d.territories.all()) == [territory]
    assert a.released_at is not None and d.released_at is None


def test_select_all_in_a_filtered_listing_changes_the_listed_documents_only(
    editor_client, described
):
    """Wagtail's « select all in the listing » sends the listing's parameters: the filters
    hold, not only the search."""
    a, b, c, d = described["documents"]
    theme = described["themes"][1]
    url = reverse("wagtail_bulk_action", args=["documents", "resource", "choisir_themes"])
    session = described["sessions"][0].pk
    response = editor_client.get(f"{url}?q=Filtre&session={session}&id=all")
    assert only_filtered(
        re.findall(r'target="_blank" rel="noreferrer">([^<]*)<', response.content.decode())
    ) == ["Filtre A", "Filtre B"]
    editor_client.post(
        f"{url}?q=Filtre&session={session}&id=all",
        {"description-rows": [theme.pk], "description-mode": "ajouter"},
    )
    assert [theme in document.themes.all() for document in (a, b, c, d)] == [
        True,
        True,
        False,
        False,
    ]


def test_territories_and_themes_are_added_or_replaced(editor_client, described):
    a, b, _c, _d = described["documents"]
    themes = described["themes"]
    url = bulk_url("choisir_themes", a, b)
    # Adding nothing is refused with a message, nothing changes.
    response = editor_client.post(url, {"description-mode": "ajouter"})
    assert response.status_code == 200
    assert "Cochez au moins un thème à ajouter." in response.content.decode()
    editor_client.post(url, {"description-rows": [themes[1].pk], "description-mode": "remplacer"})
    assert list(a.themes.all()) == [themes[1]] and list(b.themes.all()) == [themes[1]]
    editor_client.post(url, {"description-mode": "remplacer"})
    assert not a.themes.exists() and not b.themes.exists()


def test_a_bulk_change_reaches_the_library_search(editor_client, described):
    """The search vector holds the metadata: a document given a territory is found by its
    name."""
    d = described["documents"][3]
    territory = described["territories"][1]
    assert d.title not in listed(editor_client, q=territory.title)
    editor_client.post(
        bulk_url("choisir_territoires", d),
        {"description-rows": [territory.pk], "description-mode": "ajouter"},
    )
    assert d.title in listed(editor_client, q=territory.title)


# Point 8: checkboxes, not a multiple select box.


def checkboxes(html, name):
    return re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', html)


def test_the_document_form_offers_territories_and_themes_as_checkboxes(editor_client, described):
    a = described["documents"][0]
    html = editor_client.get(reverse("wagtaildocs:edit", args=[a.pk])).content.decode()
    in_order = [
        str(pk) for pk in TerritoryPage.objects.order_by("title").values_list("pk", flat=True)
    ]
    assert checkboxes(html, "territories") == in_order and len(in_order) == 8
    assert len(checkboxes(html, "themes")) == Theme.objects.count()
    assert '<select name="territories"' not in html and '<select name="themes"' not in html
    assert "Vénissieux" in html
    html = editor_client.get(reverse("wagtaildocs:add")).content.decode()
    assert len(checkboxes(html, "territories")) == 8


def test_the_multiple_uploaders_forms_offer_checkboxes(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("note.pdf", files.pdf(title="Note"))},
    )
    assert response.status_code == 200
    form = response.json()["form"]
    assert re.search(r'<input type="checkbox" name="[\w-]*territories" value="\d+"', form)
    assert re.search(r'<input type="checkbox" name="[\w-]*themes" value="\d+"', form)


def test_valider_on_all_of_a_filtered_listing_releases_the_listed_documents_only(
    publisher_client, demo
):
    """A publisher filters the listing on a session and « En attente de validation », selects
    all and clicks « Valider »: that session's waiting documents, not every waiting one."""
    session = SessionPage.objects.order_by("number").first()
    this_session = [
        ResourceFactory(title=f"Attente {n}", session=session, released_at=None) for n in (1, 2)
    ]
    elsewhere = ResourceFactory(title="Attente ailleurs", released_at=None)
    url = reverse("wagtail_bulk_action", args=["documents", "resource", "valider"])
    query = f"?q=Attente&session={session.pk}&diffusion=attente&id=all"
    response = publisher_client.get(url + query)
    assert sorted(t for t in re.findall(r">(Attente[^<]*)<", response.content.decode())) == [
        "Attente 1",
        "Attente 2",
    ]
    publisher_client.post(url + query)
    for document in (*this_session, elsewhere):
        document.refresh_from_db()
    assert all(document.released_at for document in this_session)
    assert elsewhere.released_at is None
