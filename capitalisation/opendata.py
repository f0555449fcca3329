"""Open data: the capitalisation's structured content as files anyone may reuse.

Six datasets (territories, neighbourhoods, key issues, actions, sessions, public documents'
metadata), each in CSV for French spreadsheets and in JSON, described by one schema per
dataset. The schemas below are the only description of the files: the files are written from
them, the « Données ouvertes » page prints its tables from them, and the machine-readable
descriptor (a Frictionless Data Package, `datapackage.json`) is made from them, so the
documentation cannot drift from the data.

Public content only, whoever asks (`anyone`): a restricted territory, session or document is
never read, so it cannot appear, be counted or be named; a public document whose session is
restricted has an empty session column. Identifiers are slugs, or the document's random
public_id: never a sequential database id, whose gaps would count what is hidden.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from access.visibility import PAGE_LINK_FIELDS, anyone, visible_documents, visible_pages
from capitalisation.reading import use_postgres
from documents.models import Resource
from editorial.models import Theme
from editorial.typography import french
from sessions.models import SessionPage
from territoires.models import KeyIssue, PriorityNeighbourhood, ShortTermAction, TerritoryPage

# The version of the schemas below, in every file and on the page. Bump it with any change of
# a schema: the minor number (1.1) when a column or a dataset is added, which leaves existing
# readers working; the major number (2.0) when a column is renamed, removed, or changes type
# or meaning, or when a file's format changes (separator, encoding, list delimiter).
SCHEMA_VERSION = "1.0"

# The licence of the data when the page names none (the page's own fields hold it).
DEFAULT_LICENCE = "Licence Ouverte / Etalab 2.0"
DEFAULT_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

LIST_DELIMITER = "|"
CSV_DELIMITER = ";"
DECIMAL_CHAR = ","  # French spreadsheets read « 45,188 » as a number, « 45.188 » as text
TRUE, FALSE = "oui", "non"
FORMATS = ("csv", "json")
PRODUCER = "ARADEL et CR•DSU"
PAGE_ADDRESS = "/donnees-ouvertes/"  # the page's slug in the demo, and its files' folder
DESCRIPTOR = "datapackage"  # /donnees-ouvertes/datapackage.json: the schemas, for machines


# Schemas


@dataclass(frozen=True)
class Column:
    """One column, in the terms of Frictionless Table Schema (v2): `type` is one of string,
    integer, number, boolean, date, list (several values, « | » between them in CSV, an
    array in JSON)."""

    name: str
    type: str
    description: str
    required: bool = False
    format: str = ""  # « uri », « uuid »
    enum: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "description", french(self.description))

    # What the page prints for the type.
    LABELS = {
        "string": "texte",
        "integer": "nombre entier",
        "number": "nombre décimal",
        "boolean": "booléen (oui / non)",
        "date": "date (AAAA-MM-JJ)",
        "list": "liste (valeurs séparées par « | »)",
    }

    @property
    def breakable_name(self):
        """The name, which a narrow screen may break after an underscore only."""
        return mark_safe(escape(self.name).replace("_", "_<wbr>"))  # noqa: S308 (escaped)

    @property
    def type_label(self):
        if self.format == "uri":
            return "adresse web (URL)"
        if self.format == "uuid":
            return "identifiant (UUID)"
        return french(self.LABELS[self.type])

    def table_schema(self):
        described = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            described["format"] = self.format
        if self.type == "list":
            described.update(delimiter=LIST_DELIMITER, itemType="string")
        if self.type == "boolean":
            described.update(trueValues=[TRUE], falseValues=[FALSE])
        if self.type == "number":
            described["decimalChar"] = DECIMAL_CHAR
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Dataset:
    name: str  # its files' names: territoires.csv, territoires.json
    title: str
    description: str
    columns: tuple
    primary_key: str = "identifiant"
    foreign_keys: tuple = ()  # (column, dataset)

    def __post_init__(self):
        object.__setattr__(self, "description", french(self.description))

    def table_schema(self):
        schema = {
            "fields": [column.table_schema() for column in self.columns],
            "primaryKey": [self.primary_key],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [column], "reference": {"resource": dataset, "fields": ["identifiant"]}}
                for column, dataset in self.foreign_keys
            ]
        return schema


def _id(description):
    return Column("identifiant", "string", description, required=True)


TERRITORY = Column(
    "territoire", "string", "Identifiant du territoire (colonne « identifiant » des territoires).",
    required=True,
)  # fmt: skip
THEMES = Column("themes", "list", "Identifiants des thèmes du site auxquels l’élément se rattache.")
THEME_NAMES = Column("themes_noms", "list", "Noms de ces thèmes, dans le même ordre.")
EXAMPLE = Column(
    "contenu_exemple",
    "boolean",
    "« oui » : contenu inventé pour la démonstration du site, pas tiré des archives de la "
    "formation-action ; à ne pas réutiliser comme un fait.",
    required=True,
)
ADDRESS = Column("adresse", "string", "Adresse de sa page sur le site.", format="uri")

DATASETS = (
    Dataset(
        "territoires",
        "Territoires",
        "Les huit territoires volontaires de la formation-action.",
        (
            _id("Identifiant stable du territoire (celui de l’adresse de sa page)."),
            Column("nom", "string", "Nom du territoire.", required=True),
            Column(
                "type",
                "string",
                "Type de territoire (code).",
                required=True,
                enum=tuple(TerritoryPage.Kind.values),
            ),
            Column("type_libelle", "string", "Type de territoire, en toutes lettres."),
            Column("departement", "string", "Département, par exemple « Isère (38) »."),
            Column("latitude", "number", "Latitude (WGS 84), en degrés décimaux."),
            Column("longitude", "number", "Longitude (WGS 84), en degrés décimaux."),
            ADDRESS,
        ),
    ),
    Dataset(
        "quartiers",
        "Quartiers prioritaires",
        "Les quartiers prioritaires de la politique de la ville de chaque territoire.",
        (
            _id("Identifiant : celui du territoire, « / », puis le nom du quartier simplifié."),
            TERRITORY,
            Column("nom", "string", "Nom du quartier.", required=True),
            Column("commune", "string", "Commune du quartier."),
            Column("description", "string", "Description du quartier."),
            EXAMPLE,
        ),
        foreign_keys=(("territoire", "territoires"),),
    ),
    Dataset(
        "enjeux",
        "Enjeux clés",
        "Les enjeux clés définis par chaque territoire (troisième étape du processus "
        "formatif), avec leurs thèmes.",
        (
            _id("Identifiant : celui du territoire, « / », puis l’intitulé simplifié."),
            TERRITORY,
            Column("titre", "string", "Intitulé de l’enjeu.", required=True),
            Column("description", "string", "Description de l’enjeu."),
            THEMES,
            THEME_NAMES,
            EXAMPLE,
        ),
        foreign_keys=(("territoire", "territoires"),),
    ),
    Dataset(
        "actions",
        "Actions à court terme",
        "Les actions à court terme identifiées par chaque territoire (quatrième étape du "
        "processus formatif) : leur état, leur porteur, leurs thèmes.",
        (
            _id("Identifiant : celui du territoire, « / », puis l’intitulé simplifié."),
            TERRITORY,
            Column("titre", "string", "Intitulé de l’action.", required=True),
            Column("description", "string", "Description de l’action."),
            Column(
                "etat",
                "string",
                "État de l’action (code).",
                required=True,
                enum=tuple(ShortTermAction.State.values),
            ),
            Column("etat_libelle", "string", "État de l’action, en toutes lettres."),
            Column("porteur", "string", "Le service ou le partenaire qui la porte."),
            THEMES,
            THEME_NAMES,
            EXAMPLE,
        ),
        foreign_keys=(("territoire", "territoires"),),
    ),
    Dataset(
        "seances",
        "Séances",
        "Les séances de la formation-action : numéro, date, lieu, thème.",
        (
            _id("Identifiant stable de la séance (celui de l’adresse de sa page)."),
            Column("numero", "integer", "Rang de la séance dans la formation-action.", True),
            Column("titre", "string", "Titre de la séance.", required=True),
            Column("date", "date", "Date de la séance.", required=True),
            Column("lieu", "string", "Nom du lieu."),
            Column("lieu_commune", "string", "Commune du lieu."),
            Column("theme", "string", "Thème de la journée."),
            Column("resume", "string", "Résumé de la séance."),
            ADDRESS,
            Column(
                "contenu_exemple",
                "boolean",
                "« oui » : le thème et le résumé sont inventés pour la démonstration du site ; "
                "le numéro, la date et le lieu sont ceux de la formation-action.",
                required=True,
            ),
        ),
    ),
    Dataset(
        "documents",
        "Documents publics",
        "Les métadonnées des documents publics de la bibliothèque de ressources, avec "
        "l’adresse de téléchargement de chacun.",
        (
            Column(
                "identifiant",
                "string",
                "Identifiant stable du document (celui de son adresse de téléchargement).",
                required=True,
                format="uuid",
            ),
            Column("titre", "string", "Titre du document.", required=True),
            Column("description", "string", "Description du document."),
            Column(
                "type",
                "string",
                "Type de document (code).",
                required=True,
                enum=tuple(Resource.Kind.values),
            ),
            Column("type_libelle", "string", "Type de document, en toutes lettres."),
            Column("date", "date", "Date portée par le document."),
            Column("auteurs", "string", "Auteurs, séparés par des virgules."),
            Column(
                "seance",
                "string",
                "Identifiant de la séance du document (colonne « identifiant » des séances) ; "
                "vide s’il n’en a pas de publique.",
            ),
            Column("territoires", "list", "Identifiants des territoires du document."),
            THEMES,
            THEME_NAMES,
            Column("format", "string", "Format du fichier (extension), par exemple « pdf »."),
            Column("taille_octets", "integer", "Taille du fichier, en octets."),
            Column("nombre_pages", "integer", "Nombre de pages, quand il est connu."),
            Column(
                "adresse_telechargement",
                "string",
                "Adresse de téléchargement du fichier.",
                required=True,
                format="uri",
            ),
            Column("licence", "string", "Licence du fichier.", required=True),
        ),
        foreign_keys=(("seance", "seances"),),
    ),
)
BY_NAME = {dataset.name: dataset for dataset in DATASETS}


# Reading the public content


def with_lists(queryset, lists):
    """The rows of `queryset`, each with lists of related values: {attribute: (related
    queryset in its order, lookup from it to the row, value field)}. In the same query on
    PostgreSQL (array subqueries), in one more query per list elsewhere (the SQLite first
    run): never one per row."""
    if use_postgres():
        return list(
            queryset.annotate(
                **{
                    name: ArraySubquery(related.filter(**{lookup: OuterRef("pk")}).values(value))
                    for name, (related, lookup, value) in lists.items()
                }
            )
        )
    rows = list(queryset)
    ids = [row.pk for row in rows]
    for name, (related, lookup, value) in lists.items():
        found = {}
        for owner, item in related.filter(**{f"{lookup}__in": ids}).values_list(lookup, value):
            found.setdefault(owner, []).append(item)
        for row in rows:
            setattr(row, name, found.get(row.pk, []))
    return rows


def published_themes(lookup):
    """The lists of an item's published themes (an unpublished theme waits for the workflow):
    their slugs and their names, in the same order."""
    themes = Theme.objects.filter(live=True).order_by("name")
    return {"theme_slugs": (themes, lookup, "slug"), "theme_names": (themes, lookup, "name")}


def unique_ids(rows):
    """Give each row an `identifiant` from its territory and its title, unique: a second
    item of the same name in a territory gets « -2 »."""
    seen = set()
    for row in rows:
        base = f"{row['territoire']}/{slugify(row.pop('_name')) or 'sans-titre'}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        row["identifiant"] = candidate
    return rows


def decimal_or_none(value):
    return Decimal(value) if value is not None else None


class Reader:
    """The datasets' rows for anyone, read once each, from the page that publishes them (its
    site gives the absolute addresses)."""

    def __init__(self, page, request):
        self.page = page
        self.request = request
        self.everyone = anyone(request)
        self.root_url = page.get_url_parts(request)[1] or ""
        self._rows = {}
        self._territories = None

    def rows(self, name):
        if name not in self._rows:
            self._rows[name] = getattr(self, f"_read_{name}")()
        return self._rows[name]

    def public_territories(self):
        return visible_pages(TerritoryPage.objects.all(), self.everyone)

    def public_sessions(self):
        return visible_pages(SessionPage.objects.all(), self.everyone)

    def territories(self):
        """The public territories with their neighbourhoods, in one query (PostgreSQL)."""
        if self._territories is None:
            neighbourhoods = PriorityNeighbourhood.objects.order_by("sort_order", "pk")
            self._territories = with_lists(
                self.public_territories()
                .only(*PAGE_LINK_FIELDS, "slug", "kind", "department", "latitude", "longitude")
                .order_by("path"),
                {
                    f"n_{name}": (neighbourhoods, "territory", name)
                    for name in ("name", "municipality", "description", "example_content")
                },
            )
        return self._territories

    def _read_territoires(self):
        return [
            {
                "identifiant": territory.slug,
                "nom": territory.title,
                "type": territory.kind,
                "type_libelle": territory.get_kind_display(),
                "departement": territory.department,
                "latitude": decimal_or_none(territory.latitude),
                "longitude": decimal_or_none(territory.longitude),
                "adresse": territory.get_full_url(self.request),
            }
            for territory in self.territories()
        ]

    def _read_quartiers(self):
        rows = []
        for territory in self.territories():
            for name, municipality, description, example in zip(
                territory.n_name,
                territory.n_municipality,
                territory.n_description,
                territory.n_example_content,
                strict=True,
            ):
                rows.append(
                    {
                        "_name": name,
                        "territoire": territory.slug,
                        "nom": name,
                        "commune": municipality,
                        "description": description,
                        "contenu_exemple": example,
                    }
                )
        return self._with_ids(rows, "quartiers")

    def _items(self, model, fields, lookup):
        items = (
            model.objects.filter(territory__in=self.public_territories().values("pk"))
            .annotate(territory_slug=F("territory__slug"))
            .only("territory", "title", "example_content", *fields)
            .order_by("territory__path", "sort_order", "pk")
        )
        return with_lists(items, published_themes(lookup))

    def _read_enjeux(self):
        rows = [
            {
                "_name": issue.title,
                "territoire": issue.territory_slug,
                "titre": issue.title,
                "description": issue.description,
                "themes": issue.theme_slugs,
                "themes_noms": issue.theme_names,
                "contenu_exemple": issue.example_content,
            }
            for issue in self._items(KeyIssue, ["description"], "key_issues")
        ]
        return self._with_ids(rows, "enjeux")

    def _read_actions(self):
        rows = [
            {
                "_name": action.title,
                "territoire": action.territory_slug,
                "titre": action.title,
                "description": action.description,
                "etat": action.state,
                "etat_libelle": action.get_state_display(),
                "porteur": action.lead,
                "themes": action.theme_slugs,
                "themes_noms": action.theme_names,
                "contenu_exemple": action.example_content,
            }
            for action in self._items(ShortTermAction, ["description", "state", "lead"], "actions")
        ]
        return self._with_ids(rows, "actions")

    @staticmethod
    def _with_ids(rows, name):
        rows = unique_ids(rows)
        order = [column.name for column in BY_NAME[name].columns]
        return [{key: row[key] for key in order} for row in rows]

    def _read_seances(self):
        sessions = (
            self.public_sessions()
            .select_related("place")
            .only(
                *PAGE_LINK_FIELDS,
                "slug",
                "number",
                "date",
                "theme",
                "summary",
                "theme_example",
                "place__name",
                "place__locality",
                "place__live",
            )
            .order_by("number")
        )
        rows = []
        for session in sessions:
            place = session.public_place
            rows.append(
                {
                    "identifiant": session.slug,
                    "numero": session.number,
                    "titre": session.title,
                    "date": session.date,
                    "lieu": place.name if place else "",
                    "lieu_commune": place.locality if place else "",
                    "theme": session.theme,
                    "resume": session.summary,
                    "adresse": session.get_full_url(self.request),
                    "contenu_exemple": session.theme_example,
                }
            )
        return rows

    def _read_documents(self):
        documents = (
            visible_documents(Resource.objects.all(), self.everyone)
            .with_default_licence(self.request)
            .annotate(
                # Only a public session lends its identifier: else the column is empty.
                session_slug=Subquery(
                    self.public_sessions().filter(pk=OuterRef("session_id")).values("slug")[:1]
                )
            )
            .only(
                "public_id",
                "title",
                "description",
                "kind",
                "document_date",
                "authors",
                "file_format",
                "file_size",
                "page_count",
                "licence",
            )
            .order_by("title", "public_id")
        )
        territories = self.public_territories().order_by("path")
        documents = with_lists(
            documents,
            {
                "territory_slugs": (territories, "documents", "slug"),
                **published_themes("documents"),
            },
        )
        return [
            {
                "identifiant": str(document.public_id),
                "titre": document.title,
                "description": document.description,
                "type": document.kind,
                "type_libelle": document.get_kind_display(),
                "date": document.document_date,
                "auteurs": document.authors,
                "seance": document.session_slug or "",
                "territoires": document.territory_slugs,
                "themes": document.theme_slugs,
                "themes_noms": document.theme_names,
                "format": document.file_format,
                "taille_octets": document.file_size,
                "nombre_pages": document.page_count,
                "adresse_telechargement": self.root_url + document.url,
                # Its own licence, or the site's default (documents.LicenceSettings).
                "licence": document.licence_of(self.request)[0],
            }
            for document in documents
        ]


# Writing the files


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, list):
        return LIST_DELIMITER.join(value)
    if isinstance(value, Decimal):
        return str(value).replace(".", DECIMAL_CHAR)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render_csv(dataset, rows):
    """UTF-8 with a byte order mark, « ; » between columns, CRLF line ends: what a French
    spreadsheet opens with its accents and its columns right, by a double click."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    for row in rows:
        writer.writerow([csv_value(row[column.name]) for column in dataset.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def fingerprint(dataset, rows, licence):
    """What the files of a dataset say, as a hash: it changes with a row, the schema's
    version or the licence, and only then (no date in it)."""
    content = json.dumps(
        [
            SCHEMA_VERSION,
            licence,
            [[json_value(row[c.name]) for c in dataset.columns] for row in rows],
        ],
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def render_json(dataset, rows, envelope):
    document = {
        "jeu_de_donnees": dataset.name,
        "titre": dataset.title,
        **envelope,
        "nombre_lignes": len(rows),
        "lignes": [{key: json_value(value) for key, value in row.items()} for row in rows],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass
class File:
    name: str
    format: str
    body: bytes
    modified: object  # datetime: when its content last changed

    @property
    def filename(self):
        return f"{self.name}.{self.format}"

    @property
    def url(self):
        return file_url(self.name, self.format)

    @property
    def etag(self):
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'

    @property
    def size(self):
        return len(self.body)


@dataclass
class Publication:
    """The datasets as published by a page: rows, files, and when each last changed."""

    page: object
    request: object
    reader: Reader = field(init=False)

    def __post_init__(self):
        self.reader = Reader(self.page, self.request)
        self._stamps = None

    @property
    def licence(self):
        return {"nom": self.page.licence_name, "adresse": self.page.licence_url}

    def envelope(self, modified):
        return {
            "version_schema": SCHEMA_VERSION,
            "schema": self.descriptor_url(),
            "licence": self.licence,
            "producteur": PRODUCER,
            # When this content was generated: it changed then, and not since.
            "date_generation": timezone.localtime(modified).isoformat(timespec="seconds"),
        }

    def descriptor_url(self):
        return self.reader.root_url + file_url(DESCRIPTOR, "json")

    def modified(self, names):
        """{dataset name: when its content last changed}, from the fingerprints kept
        (capitalisation.OpenDataStamp): the first request that meets new content dates it."""
        from capitalisation.models import OpenDataStamp

        fingerprints = {
            name: fingerprint(BY_NAME[name], self.reader.rows(name), self.licence) for name in names
        }
        return OpenDataStamp.date(fingerprints)

    def file(self, name, format, modified=None):
        dataset = BY_NAME[name]
        rows = self.reader.rows(name)
        if modified is None:
            modified = self.modified([name])[name]
        if format == "csv":
            body = render_csv(dataset, rows)
        else:
            body = render_json(dataset, rows, self.envelope(modified))
        return File(name, format, body, modified)

    def catalogue(self):
        """[(dataset, row count, last change, [File])] for the page."""
        modified = self.modified([dataset.name for dataset in DATASETS])
        return [
            (
                dataset,
                len(self.reader.rows(dataset.name)),
                modified[dataset.name],
                [self.file(dataset.name, format, modified[dataset.name]) for format in FORMATS],
            )
            for dataset in DATASETS
        ]

    def descriptor(self):
        """A Frictionless Data Package (v2) describing the CSV files: their dialect and their
        Table Schemas, the licence, the version."""
        root = self.reader.root_url
        return {
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": "formation-action-deu-2014",
            "title": "Formation-action « Développement économique urbain » (2014) : "
            "la capitalisation",
            "version": SCHEMA_VERSION,
            "homepage": self.page.get_full_url(self.request),
            "licenses": [{"title": self.page.licence_name, "path": self.page.licence_url}],
            "contributors": [{"title": PRODUCER, "roles": ["publisher"]}],
            "resources": [
                {
                    "name": dataset.name,
                    "title": dataset.title,
                    "description": dataset.description,
                    "path": root + file_url(dataset.name, "csv"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "dialect": {
                        "delimiter": CSV_DELIMITER,
                        "lineTerminator": "\r\n",
                        "header": True,
                    },
                    "schema": dataset.table_schema(),
                }
                for dataset in DATASETS
            ],
        }

    def descriptor_file(self):
        from capitalisation.models import OpenDataStamp

        body = (json.dumps(self.descriptor(), ensure_ascii=False, indent=1) + "\n").encode()
        # It changes with the code (a new version of the schemas) or the page (the licence),
        # dated as the datasets are.
        digest = hashlib.sha256(body).hexdigest()
        modified = OpenDataStamp.date({DESCRIPTOR: digest})[DESCRIPTOR]
        return File(DESCRIPTOR, "json", body, modified)


def file_url(name, format):
    return reverse("capitalisation:open_data_file", args=[name, format])
