"""Search and facets of the resource library, read from the request's GET parameters.

Every state is a shareable URL: q (text), type, seance, territoire, theme, annee, format
(each may repeat), tri (pertinence, date, titre) and page. Unknown or malformed values are
ignored, never an error. Everything counted or listed goes through the visibility rule.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import ExtractYear, Substr
from django.http import QueryDict

from documents.models import SEARCHABLE_TEXT_CHARS, Resource
from editorial.excerpts import MARK_END, MARK_START, excerpt, mark_up
from people.visibility import visible_documents, visible_pages
from sessions.models import SessionPage
from territoires.models import TerritoryPage

MAX_QUERY_CHARS = 200
MAX_VALUES_PER_FACET = 20
PAGE_SIZE = 20
SORTS = {"pertinence": "Pertinence", "date": "Date", "titre": "Titre"}


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

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


def clean_query(raw):
    text = (raw or "").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


class LibrarySearch:
    facet_params = ("type", "seance", "territoire", "theme", "annee", "format")

    def __init__(self, request, base_queryset=None, query=None):
        self.request = request
        self.params = request.GET
        self.query = clean_query(self.params.get("q") if query is None else query)
        self.use_postgres = connection.vendor == "postgresql"
        self.visible_sessions = visible_pages(SessionPage.objects.all(), request)
        self.visible_territories = visible_pages(TerritoryPage.objects.all(), request)
        base = base_queryset if base_queryset is not None else Resource.objects.all()
        self.base = visible_documents(base, request)
        self.selected = {param: self._selected(param) for param in self.facet_params}
        sort = self.params.get("tri")
        default_sort = "pertinence" if self.query else "date"
        self.sort = sort if sort in SORTS and (sort != "pertinence" or self.query) else default_sort

    # Parameters

    def _selected(self, param):
        values = [v.replace("\x00", "").strip() for v in self.params.getlist(param)]
        values = [v for v in values if v]
        values = [v[:100] for v in values][:MAX_VALUES_PER_FACET]
        if param in {"seance", "annee"}:
            values = [v for v in values if v.isdigit() and len(v) <= 4]
        if param == "type":
            values = [v for v in values if v in Resource.Kind.values]
        return values

    def _filter_q(self, param, values):
        if param == "type":
            return Q(kind__in=values)
        if param == "seance":
            return Q(
                session__number__in=[int(v) for v in values], session__in=self.visible_sessions
            )
        if param == "territoire":
            return Q(territories__slug__in=values, territories__in=self.visible_territories)
        if param == "theme":
            return Q(themes__slug__in=values)
        if param == "annee":
            return Q(document_date__year__in=[int(v) for v in values])
        if param == "format":
            return Q(file_format__in=[v.lower() for v in values])
        raise ValueError(param)

    # Querysets

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

    @property
    def search_query(self):
        return SearchQuery(
            self.query, config=settings.DOCUMENT_SEARCH_CONFIG, search_type="websearch"
        )

    def _filtered(self, except_param=None):
        queryset = self._text_filtered(self.base)
        for param, values in self.selected.items():
            if values and param != except_param:
                # A subquery keeps many-to-many filters from multiplying rows.
                ids = Resource.objects.filter(self._filter_q(param, values)).values("pk")
                queryset = queryset.filter(pk__in=ids)
        return queryset

    def results(self):
        queryset = self._filtered().select_related("session")
        queryset = queryset.prefetch_related(
            Prefetch(
                "territories",
                queryset=self.visible_territories.order_by("title"),
                to_attr="visible_territories",
            )
        )
        if self.sort == "pertinence" and self.use_postgres:
            queryset = queryset.annotate(
                rank=SearchRank(F("search_vector"), self.search_query)
            ).order_by("-rank", "-document_date", "title")
        elif self.sort == "titre":
            queryset = queryset.order_by("title", "pk")
        else:
            queryset = queryset.order_by(F("document_date").desc(nulls_last=True), "title", "pk")
        return queryset

    # Facets

    def facets(self):
        specs = [
            ("type", "Type de document", "kind", None),
            ("seance", "Séance", "session__number", "session__title"),
            ("territoire", "Territoire", "territories__slug", "territories__title"),
            ("theme", "Thème", "themes__slug", "themes__name"),
            ("annee", "Année", "year", None),
            ("format", "Format", "file_format", None),
        ]
        kind_labels = dict(Resource.Kind.choices)
        facets = []
        for param, label, value_field, label_field in specs:
            queryset = self._filtered(except_param=param)
            if param == "seance":
                queryset = queryset.filter(session__in=self.visible_sessions)
            elif param == "territoire":
                queryset = queryset.filter(territories__in=self.visible_territories)
            elif param == "annee":
                queryset = queryset.annotate(year=ExtractYear("document_date"))
            fields = [value_field] + ([label_field] if label_field else [])
            rows = (
                queryset.exclude(**{f"{value_field}__isnull": True})
                .values(*fields)
                .annotate(count=Count("pk", distinct=True))
                .order_by(value_field)
            )
            facet = Facet(param=param, label=label)
            for row in rows:
                value = str(row[value_field])
                if value == "":
                    continue
                if param == "type":
                    shown = kind_labels.get(value, value)
                elif param == "seance":
                    shown = f"Séance {value}"
                elif param == "format":
                    shown = value.upper()
                else:
                    shown = str(row[label_field]) if label_field else value
                facet.values.append(
                    FacetValue(
                        value=value,
                        label=shown,
                        count=row["count"],
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

    @property
    def has_facet_filters(self):
        return any(self.selected.values())

    @property
    def has_filters(self):
        return bool(self.query) or self.has_facet_filters

    # Page

    def page(self, page_size=PAGE_SIZE, number=None):
        paginator = Paginator(self.results(), page_size)
        page = paginator.get_page(number or self.params.get("page"))
        documents = list(page.object_list)
        excerpts = self.excerpts(documents)
        for document in documents:
            document.excerpt = excerpts.get(document.pk, "")
        page.object_list = documents
        page.previous_url = (
            self.url_with(page=str(page.previous_page_number())) if page.has_previous() else ""
        )
        page.next_url = self.url_with(page=str(page.next_page_number())) if page.has_next() else ""
        return page

    def excerpts(self, documents):
        """A highlighted passage of each document's text around the searched words."""
        if not self.query or not documents:
            return {}
        ids = [d.pk for d in documents]
        if self.use_postgres:
            rows = Resource.objects.filter(pk__in=ids).annotate(
                headline=SearchHeadline(
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
            )
            found = dict(rows.values_list("pk", "headline"))
            return {pk: mark_up(text) for pk, text in found.items() if text and MARK_START in text}
        return {d.pk: excerpt(d.extracted_text, self.query) for d in documents}
