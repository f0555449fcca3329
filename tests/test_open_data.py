"""Open data (capitalisation.opendata): every file parses, matches the schema it publishes,
and says the same thing in CSV and in JSON, accents included; a restricted territory,
session or document is in no file and no count, for any of four users; each file is dated
and fingerprinted for conditional requests; a bad address gets a French 404."""

import csv
import datetime
import io
import json
import uuid
from decimal import Decimal
from urllib.parse import urlparse

from django.core.cache import caches
from django.utils.http import parse_http_date

import pytest

from capitalisation import opendata
from capitalisation.models import CapitalisationPage, OpenDataPage
from documents.collections import default_private_collection, public_collection
from documents.models import Resource
from editorial.templatetags.french import french_filesize
from home.page_cache import CACHE_ALIAS, HEADER
from sessions.models import SessionPage
from territoires.models import KeyIssue, PriorityNeighbourhood, ShortTermAction, TerritoryPage

from .conftest import visible_text

pytestmark = pytest.mark.django_db

NAMES = [dataset.name for dataset in opendata.DATASETS]
PAGE = opendata.PAGE_ADDRESS


def url(name, format):
    return f"{PAGE}{name}.{format}"


def descriptor(client):
    response = client.get(url("datapackage", "json"))
    assert response.status_code == 200
    return json.loads(response.content)


def schema_of(package, name):
    return next(r for r in package["resources"] if r["name"] == name)["schema"]


def read_csv_cell(text, field):
    """A CSV cell as the published Table Schema says to read it (asserting it can)."""
    constraints = field.get("constraints", {})
    if text == "":
        assert not constraints.get("required"), field["name"]
        return [] if field["type"] == "list" else None
    kind = field["type"]
    if kind == "integer":
        value = int(text)
    elif kind == "number":
        value = Decimal(text.replace(field["decimalChar"], "."))
    elif kind == "boolean":
        assert text in field["trueValues"] + field["falseValues"], (field["name"], text)
        value = text in field["trueValues"]
    elif kind == "date":
        value = datetime.date.fromisoformat(text)
    elif kind == "list":
        value = text.split(field["delimiter"])
        assert all(value), field["name"]
    else:
        assert kind == "string"
        value = text
    check_format(value, field)
    if "enum" in constraints:
        assert value in constraints["enum"], (field["name"], value)
    return value


def read_json_value(value, field):
    """A JSON value as the schema says it is typed (asserting it is)."""
    kind = field["type"]
    if value is None or value == "":
        assert not field.get("constraints", {}).get("required"), field["name"]
        return None
    if kind == "integer":
        assert isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        assert isinstance(value, int | float) and not isinstance(value, bool)
        value = Decimal(str(value))
    elif kind == "boolean":
        assert isinstance(value, bool)
    elif kind == "date":
        value = datetime.date.fromisoformat(value)
    elif kind == "list":
        assert isinstance(value, list) and all(isinstance(item, str) for item in value)
    else:
        assert isinstance(value, str)
    check_format(value, field)
    return value


def check_format(value, field):
    if field.get("format") == "uri":
        assert urlparse(value).scheme in ("http", "https") and urlparse(value).netloc, value
    if field.get("format") == "uuid":
        uuid.UUID(value)


def parsed_csv(response):
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n")  # CRLF line ends, and only those
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def typed_csv_rows(response, schema):
    rows = parsed_csv(response)
    header, data = rows[0], rows[1:]
    fields = schema["fields"]
    assert header == [field["name"] for field in fields]
    return [
        {field["name"]: read_csv_cell(cell, field) for field, cell in zip(fields, row, strict=True)}
        for row in data
    ]


def typed_json_rows(response, schema):
    document = json.loads(response.content.decode("utf-8"))
    fields = schema["fields"]
    typed = []
    for row in document["lignes"]:
        assert list(row) == [field["name"] for field in fields]
        typed.append(
            {field["name"]: read_json_value(row[field["name"]], field) for field in fields}
        )
    return document, typed


def normalised(rows):
    """CSV knows no difference between an empty list, an empty text and nothing."""
    return [{k: (None if v in ("", []) else v) for k, v in row.items()} for row in rows]


def all_bodies(client):
    bodies = {}
    for name in NAMES:
        for format in opendata.FORMATS:
            response = client.get(url(name, format))
            assert response.status_code == 200, (name, format)
            bodies[(name, format)] = response.content.decode("utf-8-sig")
    bodies["datapackage"] = client.get(url("datapackage", "json")).content.decode()
    bodies["page"] = visible_text(client.get(PAGE))
    return bodies


# The files


def test_each_file_parses_matches_its_schema_and_says_the_same_in_csv_and_json(client, demo):
    package = descriptor(client)
    assert package["version"] == opendata.SCHEMA_VERSION
    assert [resource["name"] for resource in package["resources"]] == NAMES
    counts = {}
    for name in NAMES:
        schema = schema_of(package, name)
        csv_rows = typed_csv_rows(client.get(url(name, "csv")), schema)
        document, json_rows = typed_json_rows(client.get(url(name, "json")), schema)
        assert normalised(csv_rows) == normalised(json_rows), name
        assert document["nombre_lignes"] == len(json_rows)
        ids = [row[schema["primaryKey"][0]] for row in csv_rows]
        assert len(ids) == len(set(ids)), name
        counts[name] = len(csv_rows)
    assert counts == {
        "territoires": TerritoryPage.objects.count(),
        "quartiers": PriorityNeighbourhood.objects.count(),
        "enjeux": KeyIssue.objects.count(),
        "actions": ShortTermAction.objects.count(),
        "seances": SessionPage.objects.count(),
        "documents": Resource.objects.filter(
            collection=public_collection(), released_at__isnull=False
        ).count(),
    }
    assert counts["territoires"] == 8 and counts["seances"] == 5


def test_accents_round_trip_through_a_csv_reader(client, demo):
    package = descriptor(client)
    territories = typed_csv_rows(
        client.get(url("territoires", "csv")), schema_of(package, "territoires")
    )
    names = {row["nom"] for row in territories}
    assert "Saint-Martin-d’Hères" in names
    assert "Communauté d’agglomération" in {row["type_libelle"] for row in territories}
    sessions = typed_csv_rows(client.get(url("seances", "csv")), schema_of(package, "seances"))
    assert [row["date"] for row in sessions] == [
        datetime.date(2014, 3, 27),
        datetime.date(2014, 4, 24),
        datetime.date(2014, 5, 27),
        datetime.date(2014, 9, 18),
        datetime.date(2014, 11, 27),
    ]
    assert {row["lieu"] for row in sessions} == {"La Verrière des Cordeliers"}
    actions = typed_csv_rows(client.get(url("actions", "csv")), schema_of(package, "actions"))
    assert {"Proposée", "Engagée", "Réalisée"} <= {row["etat_libelle"] for row in actions}
    # Several themes in one cell, « | » between them, names in the same order as slugs.
    several = [row for row in actions if len(row["themes"]) > 1]
    assert several and all(len(r["themes"]) == len(r["themes_noms"]) for r in several)


def test_the_documents_give_their_public_address_size_and_licence(client, demo):
    package = descriptor(client)
    rows = typed_csv_rows(client.get(url("documents", "csv")), schema_of(package, "documents"))
    document = Resource.objects.get(public_id=rows[0]["identifiant"])
    assert rows[0]["adresse_telechargement"] == "http://localhost" + document.url
    assert rows[0]["taille_octets"] == document.file_size
    assert {row["licence"] for row in rows} == {"Licence Ouverte / Etalab 2.0"}
    assert client.get(document.url).status_code == 200


def test_invented_content_is_flagged_for_reusers(client, demo):
    package = descriptor(client)
    issues = typed_csv_rows(client.get(url("enjeux", "csv")), schema_of(package, "enjeux"))
    assert issues and all(row["contenu_exemple"] for row in issues)  # the demo invents them
    issue = KeyIssue.objects.get(title=issues[0]["titre"])
    issue.example_content = False
    issue.save()
    issues = typed_csv_rows(client.get(url("enjeux", "csv")), schema_of(package, "enjeux"))
    assert issues[0]["contenu_exemple"] is False


def test_the_json_envelope_says_version_licence_and_date(client, demo):
    response = client.get(url("territoires", "json"))
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["version_schema"] == opendata.SCHEMA_VERSION
    assert document["licence"] == {
        "nom": "Licence Ouverte / Etalab 2.0",
        "adresse": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    }
    assert document["schema"] == "http://localhost/donnees-ouvertes/datapackage.json"
    generated = datetime.datetime.fromisoformat(document["date_generation"])
    assert generated.timestamp() == parse_http_date(response["Last-Modified"])
    assert "’" in response.content.decode("utf-8")  # not \u2019: ensure_ascii is off


def test_the_licence_is_the_pages(client, demo):
    page = OpenDataPage.objects.get()
    page.licence_name = "Licence ouverte de l’éditeur"
    page.licence_url = "https://example.org/licence"
    page.save_revision().publish()
    document = json.loads(client.get(url("actions", "json")).content)
    assert document["licence"]["nom"] == "Licence ouverte de l’éditeur"
    assert descriptor(client)["licenses"] == [
        {"title": "Licence ouverte de l’éditeur", "path": "https://example.org/licence"}
    ]
    assert "Licence ouverte de l'éditeur" in visible_text(client.get(PAGE))


def test_csv_files_download_with_a_name_for_spreadsheets(client, demo):
    response = client.get(url("enjeux", "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="enjeux.csv"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, no-cache"


# Conditional requests


def test_a_client_that_holds_the_file_gets_a_304(client, demo):
    first = client.get(url("actions", "csv"))
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(url("actions", "csv"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    again = client.get(url("actions", "csv"), HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304
    assert client.get(url("actions", "json"))["ETag"] != etag


def test_a_change_of_content_gives_a_new_etag_and_a_later_date(client, demo):
    first = client.get(url("actions", "csv"))
    territory = TerritoryPage.objects.get(slug="grenoble")
    actions = list(territory.actions.all())
    actions[0].title = "Une action renommée à l’instant"
    territory.actions = actions
    territory.save_revision().publish()
    changed = client.get(
        url("actions", "csv"),
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert changed.status_code == 200
    assert "Une action renommée à l’instant" in changed.content.decode("utf-8-sig")
    assert changed["ETag"] != first["ETag"]
    # Within the same second too: a client that only sends the date sees the change.
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    again = client.get(url("actions", "csv"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200


def test_a_row_that_leaves_dates_the_file_too(client, demo, restrict_to_participants):
    first = client.get(url("territoires", "csv"))
    restrict_to_participants(TerritoryPage.objects.get(slug="grenoble"))
    again = client.get(url("territoires", "csv"), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert "grenoble" not in again.content.decode("utf-8-sig")


def test_reading_the_data_does_not_make_the_page_cache_stale(client, demo, settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    first = client.get(PAGE)  # dates every dataset: written without a signal
    assert first[HEADER] == "miss"
    assert client.get(PAGE)[HEADER] == "hit"
    territory = TerritoryPage.objects.get(slug="grenoble")
    territory.title = "Grenoble, renommée"
    territory.save_revision().publish()
    fresh = client.get(PAGE)
    assert fresh[HEADER] == "miss"
    caches[CACHE_ALIAS].clear()


# The page


def test_the_page_documents_each_dataset_from_the_schemas_the_files_use(client, demo):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(response)
    assert "Version du schéma : 1.0" in text
    assert "Licence Ouverte / Etalab 2.0" in text
    for dataset, count, _modified, files in response.context["catalogue"]:
        assert f"{count} ligne" in text
        for column in dataset.columns:
            assert f"<code>{column.breakable_name}</code>" in html, (dataset.name, column.name)
        for file in files:
            body = client.get(file.url).content
            assert file.body == body
            assert f'href="{file.url}"' in html
            size = french_filesize(len(body)).replace("\u00a0", " ")
            assert f"{file.filename} ({file.format.upper()}, {size})" in text
    assert 'href="/donnees-ouvertes/datapackage.json"' in html


def test_the_capitalisation_page_leads_to_the_open_data(client, demo):
    capitalisation = CapitalisationPage.objects.get()
    html = client.get(capitalisation.url).content.decode()
    assert f'href="{PAGE}"' in html
    assert OpenDataPage.objects.get().url == PAGE
    assert client.get(PAGE).status_code == 200


# Privacy: four users, one answer

SECRET_TERRITORY = "Territoire réservé aux participants"
SECRET_SESSION = "Séance réservée aux participants"
SECRET_DOCUMENT = "Document réservé aux participants"
UNRELEASED = "Document en attente de validation"


@pytest.fixture
def restricted(demo, restrict_to_participants):
    """A restricted territory and session (renamed so that their names can be looked for), a
    document in the participants' collection, a document not yet released, and a public
    document whose session is the restricted one."""
    territory = TerritoryPage.objects.get(slug="grenoble")
    others = TerritoryPage.objects.exclude(pk=territory.pk)
    own = {
        *territory.neighbourhoods.values_list("name", flat=True),
        *territory.key_issues.values_list("title", flat=True),
        *territory.actions.values_list("title", flat=True),
    }
    shared = {
        *PriorityNeighbourhood.objects.filter(territory__in=others).values_list("name", flat=True),
        *KeyIssue.objects.filter(territory__in=others).values_list("title", flat=True),
        *ShortTermAction.objects.filter(territory__in=others).values_list("title", flat=True),
    }
    territory.title = SECRET_TERRITORY
    territory.save_revision().publish()
    restrict_to_participants(territory)
    session = SessionPage.objects.get(number=3)
    session.title = session.theme = SECRET_SESSION
    session.save_revision().publish()
    restrict_to_participants(session)
    public = Resource.objects.filter(collection=public_collection(), released_at__isnull=False)
    first, second, third = public.order_by("title")[:3]
    Resource.objects.filter(pk=first.pk).update(session=session)
    Resource.objects.filter(pk=second.pk).update(
        title=SECRET_DOCUMENT, collection=default_private_collection()
    )
    Resource.objects.filter(pk=third.pk).update(title=UNRELEASED, released_at=None)
    return {
        "names": [SECRET_TERRITORY, SECRET_SESSION, SECRET_DOCUMENT, UNRELEASED, *own - shared],
        "territory": territory.slug,
        "session": session.slug,
        "documents": [str(second.public_id), str(third.public_id)],
        "with_secret_session": str(first.public_id),
    }


def test_no_restricted_row_in_any_file_for_anyone(audience, restricted):
    bodies = all_bodies(audience)
    for where, body in bodies.items():
        for name in restricted["names"]:
            assert name not in body, (audience.audience, where, name)
        for public_id in restricted["documents"]:
            assert public_id not in body, (audience.audience, where)
        assert restricted["session"] not in body, (audience.audience, where)
        assert f"/territoires/{restricted['territory']}/" not in body, (audience.audience, where)


def test_no_restricted_row_is_counted_for_anyone(audience, restricted):
    package = descriptor(audience)
    counts = {}
    for name in NAMES:
        document, rows = typed_json_rows(audience.get(url(name, "json")), schema_of(package, name))
        assert document["nombre_lignes"] == len(rows)
        counts[name] = len(rows)
        territories = [row.get("territoire") for row in rows] + [
            slug for row in rows for slug in (row.get("territoires") or [])
        ]
        assert restricted["territory"] not in territories, name
    assert counts["territoires"] == 7
    assert counts["seances"] == 4
    page_counts = {
        dataset.name: count for dataset, count, _m, _f in audience.get(PAGE).context["catalogue"]
    }
    assert page_counts == counts


def test_a_public_document_of_a_restricted_session_has_an_empty_session(audience, restricted):
    package = descriptor(audience)
    rows = typed_csv_rows(audience.get(url("documents", "csv")), schema_of(package, "documents"))
    row = next(r for r in rows if r["identifiant"] == restricted["with_secret_session"])
    assert row["seance"] is None
    _document, json_rows = typed_json_rows(
        audience.get(url("documents", "json")), schema_of(package, "documents")
    )
    row = next(r for r in json_rows if r["identifiant"] == restricted["with_secret_session"])
    assert row["seance"] is None


# Bad input


@pytest.mark.parametrize(
    "address, message",
    [
        ("territoires.xlsx", "Le format « xlsx » n’existe pas"),
        ("territoires.xml", "Le format « xml » n’existe pas"),
        ("inconnu.csv", "Aucun jeu de données ne s’appelle « inconnu »"),
        ("schema.json", "Aucun jeu de données ne s’appelle « schema »"),
        ("datapackage.csv", "Aucun jeu de données ne s’appelle « datapackage »"),
    ],
)
def test_an_address_that_names_no_file_gets_a_french_404(client, demo, address, message):
    response = client.get(PAGE + address)
    assert response.status_code == 404
    text = visible_text(response)
    assert message.replace("’", "'") in text
    assert "territoires.csv" in text  # what exists


@pytest.mark.parametrize(
    "address", ["territoires.csv.exe", "territoires.", ".csv", "été.csv", "territoires.csv/"]
)
def test_odd_addresses_are_404_not_500(client, demo, address):
    assert client.get(PAGE + address).status_code == 404


def test_without_a_public_page_there_is_no_file(client, demo, restrict_to_participants):
    page = OpenDataPage.objects.get()
    restrict_to_participants(page)
    assert client.get(url("territoires", "csv")).status_code == 404
    page.unpublish()
    assert client.get(url("territoires", "csv")).status_code == 404
