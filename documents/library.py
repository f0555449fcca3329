"""Search and facets of the resource library, read from the request's GET parameters.

Every state is a shareable URL: q (text), type, seance, territoire, theme, annee, format
(each may repeat), tri (pertinence, date, titre) and page. Unknown or malformed values are
ignored, never an error. Everything counted or listed goes through the visibility rule.

The text search runs once per request: one query returns, for every visible document that
matches the words, what the facets need (and its rank); facets, counts and the page's order
are then worked out from those rows, so the cost does not multiply with the facets.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, FloatField, OuterRef, Q, Value
from django.db.models.functions import Substr
from django.http import QueryDict
from django.utils.functional import cached_property

from documents.models import SEARCHABLE_TEXT_CHARS, Resource, Theme
from editorial.excerpts import MARK_END, MARK_START, excerpt, mark_up
from people.visibility import PAGE_LINK_FIELDS, visible_documents, visible_pages
from sessions.models import SessionPage
from territoires.models import TerritoryPage

MAX_QUERY_CHARS = 200
MAX_VALUES_PER_FACET = 20
PAGE_SIZE = 20
SORTS = {"pertinence": "Pertinence", "date": "Date", "titre": "Titre"}
FACETS = [
    ("type", "Type de document"),
    ("seance", "Séance"),
    ("territoire", "Territoire"),
    ("theme", "Thème"),
    ("annee", "Année"),
    ("format", "Format"),
]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    param: str
    label: str
    values: list = field(default_factory=list)


class Row(NamedTuple):
    """What the facets, the count and the order need to know of one matching document."""

    pk: int
    title: str
    sort_date: date | None
    rank: float
    values: tuple  # per facet of FACETS, in order: the tuple of this document's values
    territory_ids: tuple


def clean_query(raw):
    text = (raw or "").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


class LibrarySearch:
    def __init__(self, request, base_queryset=None, query=None):
        self.request = request
        self.params = request.GET
        self.query = clean_query(self.params.get("q") if query is None else query)
        self.use_postgres = connection.vendor == "postgresql"
        base = base_queryset if base_queryset is not None else Resource.objects.all()
        self.base = visible_documents(base, request)
        self.selected = {param: self._selected(param) for param, _label in FACETS}
        sort = self.params.get("tri")
        default_sort = "pertinence" if self.query else "date"
        self.sort = sort if sort in SORTS and (sort != "pertinence" or self.query) else default_sort
        self._rows = None
        self._labels = None

    # Parameters

    def _selected(self, param):
        values = [v.replace("\x00", "").strip()[:100] for v in self.params.getlist(param)]
        values = [v for v in values if v][:MAX_VALUES_PER_FACET]
        if param in {"seance", "annee"}:
            values = [v for v in values if v.isascii() and v.isdigit() and len(v) <= 4]
        elif param == "type":
            values = [v for v in values if v in Resource.Kind.values]
        elif param == "format":
            values = [v.lower() for v in values]
        return values

    @property
    def has_facet_filters(self):
        return any(self.selected.values())

    @property
    def has_filters(self):
        return bool(self.query) or self.has_facet_filters

    # The one text search

    @property
    def search_query(self):
        return SearchQuery(
            self.query, config=settings.DOCUMENT_SEARCH_CONFIG, search_type="websearch"
        )

    def _text_filtered(self, queryset):
        if not self.query:
            return queryset
        if self.use_postgres:
            return queryset.filter(search_vector=self.search_query)
        for word in self.query.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(authors__icontains=word)
                | Q(extracted_text__icontains=word)
            )
        return queryset

    def _labels_and_visibility(self):
        """Visible sessions and territories, and themes: small tables, read once.

        The pages themselves are kept (with only what a link needs): the page of results names
        each document's session and territories from them, without reading them again.
        """
        if self._labels is None:
            sessions = visible_pages(
                SessionPage.objects.only(*PAGE_LINK_FIELDS, "number"), self.request
            )
            territories = visible_pages(
                TerritoryPage.objects.only(*PAGE_LINK_FIELDS, "slug"), self.request
            )
            self._sessions = {session.pk: session for session in sessions}
            self._territories = {territory.pk: territory for territory in territories}
            self._labels = {
                "seance": {
                    pk: (str(session.number), f"Séance {session.number}")
                    for pk, session in self._sessions.items()
                },
                "territoire": {
                    pk: (territory.slug, territory.title)
                    for pk, territory in self._territories.items()
                },
                "theme": {
                    pk: (slug, name)
                    for pk, slug, name in Theme.objects.values_list("pk", "slug", "name")
                },
            }
        return self._labels

    def rows(self):
        """Every visible document matching the words, with its facet values.

        One query on PostgreSQL (territories and themes gathered as arrays), three on SQLite.
        """
        if self._rows is not None:
            return self._rows
        labels = self._labels_and_visibility()
        queryset = self._text_filtered(self.base)
        fields = ["pk", "title", "document_date", "kind", "session_id", "file_format"]
        if self.use_postgres:
            # Correlated subqueries, not joins: no GROUP BY, and the rank is computed once per
            # document instead of once per (territory, theme) pair (37 → 28 ms at 10,000).
            through = Resource.territories.through.objects.filter(resource_id=OuterRef("pk"))
            themes = Resource.themes.through.objects.filter(resource_id=OuterRef("pk"))
            queryset = queryset.annotate(
                territory_ids=ArraySubquery(through.values("territorypage_id")),
                theme_ids=ArraySubquery(themes.values("theme_id")),
                rank=SearchRank(F("search_vector"), self.search_query)
                if self.query
                else Value(0.0, output_field=FloatField()),
            )
            # The ORM writes the query (with the visibility rule); the rows are read straight
            # from the cursor: Django's per-row converters of the two arrays cost more than the
            # query itself at 10,000 documents (about 100 ms against 50), and psycopg already
            # returns lists, dates and floats.
            sql, params = queryset.values_list(
                *fields, "territory_ids", "theme_ids", "rank"
            ).query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                records = cursor.fetchall()
        else:
            records = [(*values, [], [], 0.0) for values in queryset.values_list(*fields)]
            links = {record[0]: (record[6], record[7]) for record in records}
            if links:
                through = Resource.territories.through.objects.filter(resource_id__in=list(links))
                for resource_id, territory_id in through.values_list(
                    "resource_id", "territorypage_id"
                ):
                    links[resource_id][0].append(territory_id)
                through = Resource.themes.through.objects.filter(resource_id__in=list(links))
                for resource_id, theme_id in through.values_list("resource_id", "theme_id"):
                    links[resource_id][1].append(theme_id)
        sessions, territories, themes = labels["seance"], labels["territoire"], labels["theme"]
        rows = []
        for (
            pk,
            title,
            day,
            kind,
            session_id,
            file_format,
            territory_ids,
            theme_ids,
            rank,
        ) in records:
            session = sessions.get(session_id)
            rows.append(
                Row(
                    pk,
                    title,
                    day,
                    rank or 0.0,
                    (
                        (kind,),
                        (session[0],) if session else (),
                        tuple(territories[t][0] for t in territory_ids if t in territories),
                        tuple(themes[t][0] for t in theme_ids if t in themes),
                        (str(day.year),) if day else (),
                        (file_format,) if file_format else (),
                    ),
                    tuple(territory_ids),
                )
            )
        self._rows = rows
        return rows

    def _failures(self, row):
        """Indexes of the selected facets this row does not satisfy."""
        return [
            index
            for index, wanted in enumerate(self._wanted)
            if wanted and not wanted.intersection(row.values[index])
        ]

    @cached_property
    def _wanted(self):
        return [set(self.selected[param]) for param, _label in FACETS]

    def matching_ids(self):
        rows = [row for row in self.rows() if not self._failures(row)]
        if self.sort == "titre":
            rows.sort(key=lambda r: (r.title.casefold(), r.pk))
        else:
            rows.sort(key=lambda r: (r.sort_date or date.min, r.pk), reverse=True)
            if self.sort == "pertinence":
                rows.sort(key=lambda r: r.rank, reverse=True)  # stable: date breaks ties
        return [row.pk for row in rows]

    def _facet_counts(self):
        """Counts per facet, each ignoring its own selection (so that options stay offered)."""
        counts = [{} for _ in FACETS]
        for row in self.rows():
            failures = self._failures(row)
            if len(failures) > 1:
                continue
            for index, values in enumerate(row.values):
                if failures and failures[0] != index:
                    continue
                for value in values:
                    counts[index][value] = counts[index].get(value, 0) + 1
        return counts

    # Facets

    def facets(self):
        labels = self._labels_and_visibility()
        names = {
            "type": dict(Resource.Kind.choices),
            "seance": dict(labels["seance"].values()),
            "territoire": dict(labels["territoire"].values()),
            "theme": dict(labels["theme"].values()),
        }
        facets = []
        all_counts = self._facet_counts()
        for index, (param, label) in enumerate(FACETS):
            counts = all_counts[index]
            # A selected value stays on screen (at 0) so that it can be unticked.
            known = names.get(param)
            for value in self.selected[param]:
                if known is None or value in known:
                    counts.setdefault(value, 0)
            facet = Facet(param=param, label=label)
            for value in sorted(counts, key=lambda v: _facet_order(param, v, names)):
                shown = names.get(param, {}).get(value) or (
                    value.upper() if param == "format" else value
                )
                facet.values.append(
                    FacetValue(
                        value=value,
                        label=shown,
                        count=counts[value],
                        selected=value in self.selected[param],
                        url=self.url_toggling(param, value),
                    )
                )
            if facet.values:
                facets.append(facet)
        return facets

    # URLs

    def url_with(self, **changes):
        params = QueryDict(mutable=True)
        if self.query:
            params["q"] = self.query
        for param, values in self.selected.items():
            params.setlist(param, values)
        if self.params.get("tri") in SORTS:
            params["tri"] = self.sort
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            elif isinstance(value, list):
                params.setlist(key, value)
            else:
                params[key] = value
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    def url_toggling(self, param, value):
        values = list(self.selected[param])
        values = [v for v in values if v != value] if value in values else [*values, value]
        return self.url_with(**{param: values, "page": None})

    def sort_links(self):
        return [
            {"value": value, "label": label, "url": self.url_with(tri=value, page=None)}
            for value, label in SORTS.items()
            if value != "pertinence" or self.query
        ]

    # Page

    def page(self, page_size=PAGE_SIZE, number=None):
        paginator = Paginator(self.matching_ids(), page_size)
        page = paginator.get_page(number or self.params.get("page"))
        ids = list(page.object_list)
        self._labels_and_visibility()
        # The page's documents are read through the visibility rule again, whatever the rows;
        # on PostgreSQL with their highlighted passage in the same query.
        documents = self.base.for_listing() if self.use_postgres or not self.query else self.base
        if self.query and self.use_postgres:
            documents = documents.annotate(headline=self._headline())
        by_id = documents.in_bulk(ids)
        territories_of = {row.pk: row.territory_ids for row in self.rows()}
        documents = [by_id[pk] for pk in ids if pk in by_id]
        for document in documents:
            # Named from the visible pages read above: a restricted session or territory is not
            # named, and nothing is read twice.
            document.session = self._sessions.get(document.session_id)
            document.visible_territories = sorted(
                (
                    self._territories[pk]
                    for pk in territories_of.get(document.pk, ())
                    if pk in self._territories
                ),
                key=lambda territory: territory.title.casefold(),
            )
            document.excerpt = self._excerpt(document)
        page.object_list = documents
        page.previous_url = (
            self.url_with(page=str(page.previous_page_number())) if page.has_previous() else ""
        )
        page.next_url = self.url_with(page=str(page.next_page_number())) if page.has_next() else ""
        return page

    def _headline(self):
        return SearchHeadline(
            Substr("extracted_text", 1, SEARCHABLE_TEXT_CHARS),
            self.search_query,
            config=settings.DOCUMENT_SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )

    def _excerpt(self, document):
        """A highlighted passage of the document's text around the searched words."""
        if not self.query:
            return ""
        if self.use_postgres:
            text = document.headline
            return mark_up(text) if text and MARK_START in text else ""
        return excerpt(document.extracted_text, self.query)


def _facet_order(param, value, names):
    if param == "seance":
        return (int(value),)
    if param == "annee":
        return (-int(value),)
    if param == "type":
        return (list(names["type"]).index(value) if value in names["type"] else 99,)
    return (str(names.get(param, {}).get(value, value)).casefold(),)
