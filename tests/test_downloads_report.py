"""Rapports › Téléchargements (issue #16, point 9; documents.downloads_report): a period, its
totals, the most downloaded documents, the breakdowns by month, session, territory and type,
and exports that French spreadsheets open with their accents; for the staff only."""

import csv
import io
from datetime import date

from django.contrib.auth.models import Group, Permission
from django.test import Client

from wagtail.models import GroupCollectionPermission

import openpyxl
import pytest

from access.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    setup_roles,
)
from documents.collections import default_private_collection
from documents.downloads_report import DownloadFigures
from documents.factories import ResourceFactory
from documents.models import DownloadCount
from people.factories import UserFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

URL = "/admin/rapports/telechargements/"
YEAR_2014 = {"du": "2014-01", "au": "2014-12"}
BOM = b"\xef\xbb\xbf"


def month(year, number):
    return date(year, number, 1)


@pytest.fixture
def downloads(home_page):
    """In 2014, 7 downloads of 3 documents; 9 more outside 2014.

    - « Programme de la séance 1 » (séance 1, no territory): 2 in January, 1 in March;
    - « Fiche action Grenoble » (séance 3, Grenoble): 3 in March;
    - « Support de la séance 3 » (séance 3, Grenoble and Vénissieux): 1 in June;
    - « Compte rendu réservé » (participants' collection, waiting for its release): 5 in
      December 2013; the programme: 4 in January 2015.
    """
    setup_roles()
    sessions = SessionIndexPageFactory(parent=home_page)
    territories = TerritoryIndexPageFactory(parent=home_page)
    s1 = SessionPageFactory(parent=sessions, number=1, title="Séance 1")
    s3 = SessionPageFactory(parent=sessions, number=3, title="Séance 3")
    grenoble = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    venissieux = TerritoryPageFactory(parent=territories, title="Vénissieux", slug="venissieux")
    docs = {
        "programme": ResourceFactory(
            title="Programme de la séance 1", kind="programme", session=s1
        ),
        "fiche": ResourceFactory(title="Fiche action Grenoble", kind="fiche_action", session=s3),
        "support": ResourceFactory(
            title="Support de la séance 3", kind="support_formation", session=s3
        ),
        "reserve": ResourceFactory(
            title="Compte rendu réservé",
            kind="compte_rendu",
            collection=default_private_collection(),
            released_at=None,
        ),
    }
    docs["fiche"].territories.set([grenoble])
    docs["support"].territories.set([grenoble, venissieux])
    for key, when, count in [
        ("programme", month(2014, 1), 2),
        ("programme", month(2014, 3), 1),
        ("fiche", month(2014, 3), 3),
        ("support", month(2014, 6), 1),
        ("reserve", month(2013, 12), 5),
        ("programme", month(2015, 1), 4),
    ]:
        DownloadCount.objects.create(document=docs[key], month=when, count=count)
    return docs


def staff_member(group_name, username="membre"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def admin_client(downloads):
    client = Client()
    client.force_login(staff_member(ADMINISTRATORS_GROUP, "administratrice"))
    return client


def figures(response):
    return response.context["figures"]


def csv_rows(response):
    body = b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


# The period and its totals.
def test_the_total_of_a_year_is_the_sum_of_its_months(admin_client):
    response = admin_client.get(URL, YEAR_2014)
    assert response.status_code == 200
    assert (figures(response).total, figures(response).documents_downloaded) == (7, 3)
    html = response.content.decode()
    assert "7 téléchargements de 3 documents" in html
    assert "de janvier 2014 à décembre 2014" in html
    # The old footer counted rows with the model's plural name: « 2 téléchargements par mois ».
    assert "téléchargements par mois" not in html.lower()


@pytest.mark.parametrize(
    ("period", "total", "documents"),
    [
        ({"du": "2014-03", "au": "2014-03"}, 4, 2),
        ({"du": "2014-02", "au": "2014-05"}, 4, 2),
        ({"du": "2013-01", "au": "2013-12"}, 5, 1),
        ({"du": "2014-06"}, 5, 2),  # from June 2014 to this month
        ({"au": "2014-01"}, 7, 2),  # from the first month counted (December 2013)
        ({}, 16, 4),  # the whole period
        ({"du": "2020-01", "au": "2020-12"}, 0, 0),
    ],
)
def test_the_period_filters_the_months_counted(admin_client, period, total, documents):
    response = admin_client.get(URL, period)
    assert response.status_code == 200
    assert (figures(response).total, figures(response).documents_downloaded) == (
        total,
        documents,
    )


def test_a_french_month_is_read_too(admin_client):
    response = admin_client.get(URL, {"du": "01/2014", "au": "12/2014"})
    assert figures(response).total == 7


def test_nothing_counted_says_so(admin_client):
    response = admin_client.get(URL, {"du": "2020-01", "au": "2020-12"})
    html = response.content.decode()
    assert "aucun téléchargement" in html
    assert "Aucun document téléchargé sur cette période." in html


def test_the_shortcuts_name_the_usual_periods(admin_client):
    today = date.today()
    response = admin_client.get(URL)
    presets = {preset["label"]: preset for preset in response.context["presets"]}
    assert presets["Toute la période"]["current"]
    this_year = presets[f"Cette année ({today.year})"]["url"]
    assert f"du={today.year}-01" in this_year
    assert (
        f"du={today.year - 1}-01&au={today.year - 1}-12"
        in (presets[f"L’année dernière ({today.year - 1})"]["url"])
    )
    assert "Les 12 derniers mois" in presets
    # Each earlier year with downloads: 2013, 2014, 2015.
    assert {"2013", "2014", "2015"} <= set(presets)
    assert "2016" not in presets  # a year without downloads is not offered
    response = admin_client.get(URL, YEAR_2014)
    current = [p["label"] for p in response.context["presets"] if p["current"]]
    assert current == ["2014"]


# The breakdowns.
def test_the_most_downloaded_documents_come_first_each_linked_to_its_edit_page(
    admin_client, downloads
):
    response = admin_client.get(URL, YEAR_2014)
    rows = figures(response).top_documents
    assert [(row.document.title, row.downloads) for row in rows] == [
        ("Fiche action Grenoble", 3),
        ("Programme de la séance 1", 3),
        ("Support de la séance 3", 1),
    ]
    html = response.content.decode()
    for key in ("programme", "fiche", "support"):
        assert f'href="/admin/documents/edit/{downloads[key].pk}/"' in html
    assert "Compte rendu réservé" not in html  # downloaded in 2013 only


def test_breakdowns_by_month_session_territory_and_type(admin_client, downloads):
    villeurbanne = TerritoryPageFactory(
        parent=downloads["support"].territories.first().get_parent(),
        title="Villeurbanne",
        slug="villeurbanne",
    )
    downloads["support"].territories.add(villeurbanne)
    data = figures(admin_client.get(URL, YEAR_2014))
    by_month = [(row.label, row.downloads) for row in data.by_month]
    assert len(by_month) == 12
    assert by_month[0] == ("janvier 2014", 2)
    assert by_month[1] == ("février 2014", 0)
    assert by_month[2] == ("mars 2014", 4)
    assert by_month[5] == ("juin 2014", 1)
    assert sum(downloads for _label, downloads in by_month) == 7

    assert [(r.label, r.downloads, r.documents) for r in data.by_session] == [
        ("Séance 1", 3, 1),
        ("Séance 3", 4, 2),
    ]
    # A document of two territories counts for each: the sum may exceed the total.
    assert [(r.label, r.downloads, r.documents) for r in data.by_territory] == [
        ("Grenoble", 4, 2),
        ("Vénissieux", 1, 1),  # the most downloaded first, then in French order
        ("Villeurbanne", 1, 1),
        ("Sans territoire", 3, 1),
    ]
    assert [(r.label, r.downloads) for r in data.by_kind] == [
        ("Fiche action", 3),
        ("Programme", 3),
        ("Support de formation", 1),
    ]
    assert [r.share for r in data.by_session] == [42.9, 57.1]


def test_the_page_says_how_territories_are_counted(admin_client):
    html = admin_client.get(URL, YEAR_2014).content.decode()
    assert "compte pour chacun d’eux" in html
    assert "Sans territoire" in html


def test_a_document_without_session_is_counted_apart(admin_client):
    data = figures(admin_client.get(URL, {"du": "2013-12", "au": "2013-12"}))
    assert [(r.label, r.downloads) for r in data.by_session] == [("Sans séance", 5)]


# The exports.
def test_the_export_buttons_are_on_the_page(admin_client):
    html = admin_client.get(URL, YEAR_2014).content.decode()
    assert (
        'href="/admin/rapports/telechargements/?du=2014-01&amp;au=2014-12&amp;export=csv"' in html
    )
    assert (
        'href="/admin/rapports/telechargements/?du=2014-01&amp;au=2014-12&amp;export=xlsx"' in html
    )
    assert "Télécharger en CSV" in html


def test_the_csv_is_for_french_spreadsheets(admin_client):
    response = admin_client.get(URL, {**YEAR_2014, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="telechargements-2014-01-2014-12.csv"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    header = body[len(BOM) :].split(b"\r\n")[0].decode("utf-8")
    assert header.startswith("Document;Type;Séance;Territoires;Téléchargements sur la période;")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == [
        "Document",
        "Type",
        "Séance",
        "Territoires",
        "Téléchargements sur la période",
        "Part du total (%)",
    ]
    assert rows[0][6:] == [
        "janvier 2014",
        "février 2014",
        "mars 2014",
        "avril 2014",
        "mai 2014",
        "juin 2014",
        "juillet 2014",
        "août 2014",
        "septembre 2014",
        "octobre 2014",
        "novembre 2014",
        "décembre 2014",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {
        "Fiche action Grenoble",
        "Programme de la séance 1",
        "Support de la séance 3",
    }
    programme = by_title["Programme de la séance 1"]
    assert programme[1:6] == ["Programme", "Séance 1", "", "3", "42,9"]  # a decimal comma
    assert programme[6:9] == ["2", "0", "1"]
    assert by_title["Support de la séance 3"][3] == "Grenoble, Vénissieux"
    assert sum(int(row[4]) for row in rows[1:]) == 7


def test_the_csv_of_the_whole_period_is_named_after_its_months(admin_client):
    today = date.today()
    response = admin_client.get(URL, {"export": "csv"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="telechargements-2013-12-{today.year}-{today.month:02d}.csv"'
    )
    rows = csv_rows(response)
    assert sum(int(row[4]) for row in rows[1:]) == 16


def test_a_title_that_looks_like_a_formula_stays_text(admin_client, downloads):
    document = downloads["programme"]
    document.title = '=HYPERLINK("http://exemple.invalid";"clic")'
    document.save()
    rows = csv_rows(admin_client.get(URL, {**YEAR_2014, "export": "csv"}))
    assert '\'=HYPERLINK("http://exemple.invalid";"clic")' in [row[0] for row in rows]
    workbook = xlsx(admin_client.get(URL, {**YEAR_2014, "export": "xlsx"}))
    cells = [row[0] for row in workbook["Par document"].iter_rows(min_row=2, values_only=True)]
    assert document.title in cells
    for row in workbook["Par document"].iter_rows(min_row=2):
        assert row[0].data_type == "s"


def test_the_xlsx_holds_the_summary_and_each_table(admin_client):
    response = admin_client.get(URL, {**YEAR_2014, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="telechargements-2014-01-2014-12.xlsx"' in response["Content-Disposition"]
    workbook = xlsx(response)
    assert workbook.sheetnames == [
        "Synthèse",
        "Par document",
        "Par mois",
        "Par séance",
        "Par territoire",
        "Par type",
    ]
    summary = {row[0]: row[1] for row in workbook["Synthèse"].iter_rows(values_only=True)}
    assert summary["Période"] == "de janvier 2014 à décembre 2014"
    assert summary["Téléchargements"] == 7
    assert summary["Documents téléchargés"] == 3
    documents = list(workbook["Par document"].iter_rows(values_only=True))
    assert documents[0][:5] == (
        "Document",
        "Type",
        "Séance",
        "Territoires",
        "Téléchargements sur la période",
    )
    assert documents[1][:6] == (
        "Fiche action Grenoble",
        "Fiche action",
        "Séance 3",
        "Grenoble",
        3,
        42.9,
    )
    territories = list(workbook["Par territoire"].iter_rows(values_only=True))
    assert territories[1:] == [
        ("Grenoble", 4, 2, 57.1),
        ("Vénissieux", 1, 1, 14.3),
        ("Sans territoire", 3, 1, 42.9),
    ]
    months = list(workbook["Par mois"].iter_rows(values_only=True))
    assert months[3] == ("mars 2014", 4, 2, 57.1)


# Bad input: a French message, never a 500, never a file.
@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"du": "2014-13"}, "le mois va de 01 à 12"),
        ({"du": "2014-00"}, "le mois va de 01 à 12"),
        ({"au": "décembre"}, "n’est pas un mois : écrivez-le sous la forme AAAA-MM"),
        ({"du": "2014-1-1"}, "n’est pas un mois"),
        ({"du": "２０１４-01"}, "n’est pas un mois"),
        ({"du": "1899-01"}, "l’année doit être comprise entre 2000 et 2099"),
        ({"du": "2014-12", "au": "2014-01"}, "est après le mois de fin"),
        ({"du": "2" * 30}, "au plus 20 caractères"),
    ],
)
@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_a_bad_period_gets_a_french_message_not_a_500(admin_client, period, message, export):
    params = {**period, **({"export": export} if export else {})}
    response = admin_client.get(URL, params)
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert message in html
    assert "La période n’est pas valide" in html
    assert "Programme de la séance 1" not in html


def test_a_null_byte_is_refused_before_the_report(admin_client):
    """The site's middleware answers 400 to a NUL in the address (home.middleware)."""
    response = admin_client.get(URL, {"du": "2014-01\x00", "export": "csv"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response


# Who sees it.
def outcome(client, params=None):
    response = client.get(URL, params or {})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8", errors="replace")


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "participant", "reviewer"])
def test_the_report_and_its_exports_are_refused_outside_the_staff_who_edit_documents(
    downloads, who, export, participant, outsider
):
    client = Client()
    users = {
        "outsider": outsider,
        "participant": participant,
        "reviewer": staff_member(REVIEWERS_GROUP, "relectrice"),
    }
    if who in users:
        client.force_login(users[who])
    response, body = outcome(client, {"export": export} if export else {})
    assert response.status_code in (302, 403)
    assert "Content-Disposition" not in response
    for document in downloads.values():
        assert document.title not in body
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")


def test_the_menu_offers_the_report_to_editors_only(downloads):
    client = Client()
    client.force_login(staff_member(EDITORS_GROUP, "redactrice"))
    assert URL in client.get("/admin/").content.decode()
    client.force_login(staff_member(REVIEWERS_GROUP, "relectrice"))
    assert URL not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("group", [EDITORS_GROUP, PUBLISHERS_GROUP, ADMINISTRATORS_GROUP])
def test_the_staff_who_change_every_document_see_every_download(downloads, group):
    """Editors hold « change » on the root collection (access.roles): the report counts the
    documents waiting for their release and those reserved to participants too."""
    client = Client()
    client.force_login(staff_member(group))
    response = client.get(URL)
    assert figures(response).total == 16
    assert "Compte rendu réservé" in response.content.decode()


@pytest.fixture
def public_collection_editor(downloads):
    """An editor whose group may change only the documents of the public collection."""
    group = Group.objects.create(name="Éditeurs du public")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_document", "change_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=downloads["programme"].collection,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtaildocs"
            ),
        )
    user = UserFactory(username="editrice-publique")
    user.groups.add(group)
    return user


def test_an_editor_sees_only_the_documents_they_may_change(client, public_collection_editor):
    client.force_login(public_collection_editor)
    response, html = outcome(client)
    assert response.status_code == 200
    assert figures(response).total == 11  # 16, less the 5 of the reserved document
    assert "Programme de la séance 1" in html
    assert "Compte rendu réservé" not in html
    for export in ("csv", "xlsx"):
        response, _body = outcome(client, {"export": export})
        assert response.status_code == 200
    rows = csv_rows(client.get(URL, {"export": "csv"}))
    assert "Compte rendu réservé" not in {row[0] for row in rows}
    assert sum(int(row[4]) for row in rows[1:]) == 11
    workbook = xlsx(client.get(URL, {"export": "xlsx"}))
    summary = {row[0]: row[1] for row in workbook["Synthèse"].iter_rows(values_only=True)}
    assert summary["Téléchargements"] == 11


def test_an_uploader_without_change_rights_sees_their_own_uploads(downloads):
    """Wagtail lets whoever may add documents change their own uploads."""
    group = Group.objects.create(name="Déposants")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupCollectionPermission.objects.create(
        group=group,
        collection=downloads["support"].collection,
        permission=Permission.objects.get(
            codename="add_document", content_type__app_label="wagtaildocs"
        ),
    )
    user = UserFactory(username="deposante")
    user.groups.add(group)
    downloads["support"].uploaded_by_user = user
    downloads["support"].save()
    client = Client()
    client.force_login(user)
    data = figures(client.get(URL))
    assert (data.total, [row.document.title for row in data.top_documents]) == (
        1,
        ["Support de la séance 3"],
    )


def test_the_figures_count_only_what_the_user_may_change(downloads, public_collection_editor):
    assert DownloadFigures(public_collection_editor, month(2013, 12), month(2013, 12)).total == 0


def test_the_page_and_workbook_speak_french(admin_client):
    text = visible_text(admin_client.get(URL, YEAR_2014))
    for english in ("Download", "None", "Export", "Sheet", "Results"):
        assert english not in text
    workbook = xlsx(admin_client.get(URL, {**YEAR_2014, "export": "xlsx"}))
    assert not [name for name in workbook.sheetnames if name.startswith("Sheet")]
