"""Search and facets of the resource library, read from the request's GET parameters.

Every state is a shareable URL: q (text), type, seance, territoire, theme, annee, format
(each may repeat), tri (pertinence, date, titre) and page. Unknown or malformed values are
ignored, never an error. Everything counted or listed goes through the visibility rule.

The database does the counting: one query gives every facet's counts (each ignoring its own
selection, so that options stay offered) and the number of matches, another the page's
documents in order. Both go through the visibility rule; the cost stays that of two queries
whatever the number of documents, facets or selected values.

The facets are declared in documents.facets, once each: the selection, the counting SQL and
the form's groups are built here from those declarations.
"""

import operator
import re
import unicodedata
from functools import reduce

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Substr
from django.db.models.lookups import Contains
from django.http import QueryDict

from access.shared import shared
from access.visibility import visible_documents
from documents.facets import FACETS, SESSIONS, TERRITORIES, FacetGroup, FacetValue
from documents.models import SEARCHABLE_TEXT_CHARS, Resource
from editorial.excerpts import MARK_END, MARK_START, excerpt, passage, search_words

MAX_QUERY_CHARS = 200
PAGE_SIZE = 20
# Sorted by relevance, up to this many matches are ranked on their whole text; beyond, on their
# title, description and metadata (Resource.head_vector), then by date, and the library says
# so: the ranking's cost follows the number of matches (about 11 µs each on PostgreSQL 15;
# docs/performance.md).
FULL_RANK_MAX = 5000
# « Télécharger la sélection »: the archive is built while it is sent, from storage; past
# these it would take minutes on a phone network, and the library asks for a narrower one.
ARCHIVE_MAX_DOCUMENTS = 100
ARCHIVE_MAX_BYTES = 200 * 1000 * 1000
SORTS = {"pertinence": "Pertinence", "date": "Date", "titre": "Titre"}
# The counting query's branches other than the facets' (which are tagged by their parameter,
# a plain lower-case name): the number of matches and the ids of the expected page.
TOTAL = "(total)"
PAGE = "(page)"


class _Matches:
    """What Django's paginator pages through: the number of matches and the requested page's
    ids come with the facet query; another page (one out of range) has a query of its own."""

    def __init__(self, search):
        self.search = search

    def count(self):
        return self.search._counts()[1]

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        return self.search._read(self.search._window_ids(window.start or 0, window.stop))


def clean_query(raw):
    text = (raw or "").replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


# The one text search of documents: the library's, the site search's and the admin's
# document listing (documents.admin_listing) all find a document by the same words.


def text_query(query):
    """PostgreSQL's query for these words (as a search box takes them: « "exact phrase" »,
    « -excluded »), in the library's configuration (French, accents folded)."""
    return SearchQuery(query, config=settings.DOCUMENT_SEARCH_CONFIG, search_type="websearch")


def matching_text(queryset, query):
    """The documents of `queryset` whose title, description, metadata or file's text hold the
    words of `query` (cleaned: clean_query); all of them for no words, none for a query of
    punctuation alone. On PostgreSQL, the search vector (Resource.refresh_search_vector);
    elsewhere, each word somewhere, accents and case folded on both sides (`Unaccented`)."""
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=text_query(query))
    words = search_words(query)[:10]
    if not words:
        # No row, as SQL (the library's counting query compiles it; `.none()` does not).
        return queryset.filter(Value(False, output_field=BooleanField()))
    fields = ("title", "description", "authors", "extracted_text")
    for word in words:
        wanted = unaccent(word)
        queryset = queryset.filter(
            reduce(operator.or_, [Q(Contains(Unaccented(field), wanted)) for field in fields])
        )
    return queryset


# SQLite (the embedded default) has no accent folding: the library registers its own function
# on each new connection (DocumentsConfig.ready), so that « venissieux » finds « Vénissieux »
# as on PostgreSQL (whose configuration unaccents).

SQLITE_UNACCENT = "deu_unaccent"
COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")


def unaccent(text):
    """Lower case without accents (« Vénissieux » → « venissieux »)."""
    if text is None:
        return None
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()


class Unaccented(Func):
    function = SQLITE_UNACCENT
    output_field = TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_UNACCENT, 1, unaccent, deterministic=True)


def text_rank(query, vector=None):
    """How well a document matches these words (PostgreSQL only): the library's relevance, on
    its search vector (or `vector`, an expression of one)."""
    return SearchRank(F("search_vector") if vector is None else vector, text_query(query))


def _compiled(expression):
    """An expression's SQL and parameters, for the library's hand-written queries."""
    query = Resource.objects.all().query
    return query.get_compiler(connection=connection).compile(expression.resolve_expression(query))


class LibrarySearch:
    def __init__(self, request, base_queryset=None, query=None, facets=True):
        self.request = request
        self.params = request.GET
        self.query = clean_query(self.params.get("q") if query is None else query)
        self.use_postgres = connection.vendor == "postgresql"
        base = base_queryset if base_queryset is not None else Resource.objects.all()
        self.base = visible_documents(base, request)
        # The library's and the site search's counts are the same for every user of an
        # audience until the content changes (access.shared); a collection's own rule is not.
        self.shareable = base_queryset is None
        self.selected = {facet.param: facet.selected(self.params) for facet in FACETS}
        sort = self.params.get("tri")
        default_sort = "pertinence" if self.query else "date"
        self.sort = sort if sort in SORTS and (sort != "pertinence" or self.query) else default_sort
        self._rows = {}
        self._choices_of = {}
        self._counted = None
        self._size = 0
        self.counts_facets = facets  # without: the number of matches and the page only
        self._window = (0, PAGE_SIZE)  # the page expected: its ids come with the counts

    # Parameters

    @property
    def has_facet_filters(self):
        return any(self.selected.values())

    @property
    def has_filters(self):
        return bool(self.query) or self.has_facet_filters

    # The one text search

    @property
    def search_query(self):
        return text_query(self.query)

    def _text_filtered(self, queryset):
        return matching_text(queryset, self.query)

    def _visible(self, rows):
        """The rows (sessions, territories, themes) this request may see, read once each and
        shared by its audience until the content changes (access.shared): the facets offer
        them, and the page of results names its sessions and territories from them without
        reading them again."""
        if rows not in self._rows:
            name = f"bibliotheque:lignes:{rows.model._meta.label}"
            self._rows[rows] = shared(self.request, name, lambda: rows.read(self.request))
        return self._rows[rows]

    def _choices(self, facet):
        """{id: (value, name)} of the facet's visible rows; empty for a facet neither counted
        nor chosen, whose rows are not read (themes, for the site search)."""
        if facet.rows is None or not (self.counts_facets or self.selected[facet.param]):
            return {}
        if facet.param not in self._choices_of:
            self._choices_of[facet.param] = facet.rows.choices(self._visible(facet.rows))
        return self._choices_of[facet.param]

    def _names(self, facet):
        """{value: name} of the facet's values, None where values name themselves."""
        if facet.rows is not None:
            return dict(self._choices(facet).values())
        return dict(facet.names) if facet.names else None

    def _conditions(self):
        """Per facet of FACETS, what a document must satisfy for the values selected there:
        None where nothing is selected."""
        conditions = {}
        for facet in FACETS:
            wanted = self.selected[facet.param]
            conditions[facet.param] = (
                facet.condition(wanted, self._choices(facet)) if wanted else None
            )
        return conditions

    @property
    def _ranked(self):
        return self.sort == "pertinence" and self.use_postgres

    def _order(self, prefix=""):
        """The chosen order, as SQL on the columns of the common table expression."""
        latest = f"{prefix}r_date DESC NULLS LAST, {prefix}r_id DESC"
        if self.sort == "titre":
            return f"{prefix}r_title, {prefix}r_id"
        if self._ranked:
            return f"{prefix}r_rank DESC, {latest}"
        return latest

    def _columns(self):
        """What the counts and the order read of each visible document matching the words:
        its id, date and title, its value for each facet counted from a column, and whether
        it passes the selection of each facet where something is selected."""
        conditions = self._conditions()
        columns = {
            "r_id": F("pk"),
            "r_date": F("document_date"),
            "r_size": F("file_size"),
            "r_title": Lower("title") if self.sort == "titre" else Value(""),
        }
        for facet in FACETS:
            if facet.column is not None:
                columns[_value_column(facet)] = facet.column
        for facet in FACETS:
            condition = conditions[facet.param]
            # A facet with nothing selected passes every document: no column, no filter (a
            # constant column hid the number of rows from PostgreSQL's planner, which then
            # joined the links row by row).
            if condition is not None:
                columns[_pass_column(facet)] = ExpressionWrapper(
                    condition, output_field=BooleanField()
                )
        if self._ranked:
            # The rank on the head vector (a few hundred bytes in the row) for every match;
            # the whole vector (kilobytes, stored apart) read later, only where needed: the
            # expression's value is the row's pointer to it (_ranked_rows).
            columns["r_head"] = text_rank(self.query, F("head_vector"))
            columns["r_vector"] = F("search_vector")
        return columns

    def _ranked_rows(self, where):
        """SQL and parameters: the rows of docs passing `where` (in `_order`'s columns), with
        their relevance `r_rank` when sorted by it. Up to FULL_RANK_MAX such rows, the rank
        reads each one's whole search vector; beyond, the head's rank stands for it: reading
        the vectors of every match took most of a search's time at 100,000 documents."""
        if not self._ranked:
            return f"SELECT d.* FROM docs d WHERE {where}", []
        vector = RawSQL("d.r_vector", [], output_field=SearchVectorField())
        full, params = _compiled(text_rank(self.query, vector))
        return (
            f"SELECT d.*, CASE WHEN (SELECT COUNT(*) FROM docs d WHERE {where}) > %s"
            f" THEN COALESCE(d.r_head, 0) ELSE {full} END AS r_rank FROM docs d WHERE {where}",
            [FULL_RANK_MAX, *params],
        )

    @property
    def ranked_by_head(self):
        """Whether the relevance of these matches is that of their title, description and
        metadata alone (more than FULL_RANK_MAX of them): the library says so."""
        return self._ranked and self._counts()[1] > FULL_RANK_MAX

    @property
    def full_rank_max(self):
        """FULL_RANK_MAX as French writes it (« 5 000 »)."""
        return f"{FULL_RANK_MAX:,}".replace(",", "\u202f")

    def _matches_sql(self):
        """The common table expression's query and parameters."""
        queryset = self._text_filtered(self.base).values(**self._columns())
        return queryset.query.sql_with_params()

    def _counts(self):
        """({facet's parameter: {value: count}}, number of matches, ids of the expected
        page), from one query.

        The visible documents matching the words are gathered once (a common table
        expression, with whether each passes each selection made); each facet's branch counts
        those that pass every other facet, grouped by its own values; the last branches give
        the number of matches and the ids of the expected page, in order. Each row says which
        branch it comes from by its first column: a facet's parameter, or TOTAL or PAGE."""
        if self._counted is None:
            counted = (
                shared(self.request, self._shared_name(), self._count)
                if self.shareable
                else self._count()
            )
            counts, total, self._size, window = counted
            self._counted = counts, total, window
        return self._counted

    def _filtered(self):
        """The facets with a selection: those the matches must pass."""
        return {param for param, values in self.selected.items() if values}

    def results(self):
        """What the library's page shows: a page of documents, the facets, « Télécharger la
        sélection ». The page first: it sets what is counted."""
        page = self.page()
        return {"page_obj": page, "facets": self.facets(), "archive": self.archive()}

    def _named(self, *more):
        selected = sorted(
            (param, sorted(map(str, values))) for param, values in self.selected.items()
        )
        return repr((self.query, selected, self.sort, *more))

    def body_name(self):
        """What the library's page shows besides the audience and the content: the words, the
        selection, the order and the page asked (the page's body is shared by
        {% sharedblock %})."""
        return self._named(self.params.get("page") or "")

    def _shared_name(self):
        """What the counts depend on besides the audience and the content (access.shared):
        the words, the selection, the order, the page expected, whether facets are counted."""
        return "bibliotheque:" + self._named(self._window, self.counts_facets)

    def _count(self):
        """The counting query of `_counts`: (counts, number of matches, their total size, ids
        of the expected page)."""
        inner, params = self._matches_sql()
        every = _passing(self._filtered())
        rows, rows_params = self._ranked_rows(every)
        start, size = self._window
        branches = (
            [_count_branch(facet, self._filtered()) for facet in FACETS]
            if self.counts_facets
            else []
        )
        branches += [
            # The total size of the matches comes with their number: the selection's archive
            # is offered (or not) from it, without a query of its own.
            (
                f"SELECT CAST(%s AS TEXT), CAST(COALESCE(SUM(d.r_size), 0) AS TEXT), COUNT(*)"
                f" FROM docs d WHERE {every}",
                [TOTAL],
            ),
            # The page's rows are the first of the order (PostgreSQL keeps the best few while
            # it reads, without sorting every match), numbered afterwards.
            (
                f"SELECT CAST(%s AS TEXT), CAST(p.r_id AS TEXT),"
                f" ROW_NUMBER() OVER (ORDER BY {self._order('p.')})"
                f" FROM (SELECT w.* FROM ({rows}) w"
                f" ORDER BY {self._order('w.')} LIMIT %s OFFSET %s) p",
                [PAGE, *rows_params, size, start],
            ),
        ]
        records = self._fetch(
            f"WITH docs AS ({inner}) " + " UNION ALL ".join(sql for sql, _ in branches),
            [*params, *(param for _sql, branch in branches for param in branch)],
        )
        by_param = {facet.param: facet for facet in FACETS}
        counts, total, size, window = {param: {} for param in by_param}, 0, 0, []
        for tag, value, number in records:
            if tag == TOTAL:
                total, size = number, int(value)
            elif tag == PAGE:
                window.append((number, int(value)))
            else:
                facet = by_param[tag]
                value = facet.value_of(value, self._choices(facet))
                if value is not None:  # None: a row not offered (not visible)
                    counts[tag][value] = counts[tag].get(value, 0) + number
        return counts, total, size, [pk for _position, pk in sorted(window)]

    def _window_ids(self, start, stop):
        """Ids of the matching documents from start to stop, in the chosen order."""
        if stop is not None and stop <= start:
            return []
        expected_start, _size = self._window
        _counts, _total, expected = self._counts()
        if start == expected_start:
            return expected[: None if stop is None else stop - start]
        inner, params = self._matches_sql()
        rows, rows_params = self._ranked_rows(_passing(self._filtered()))
        records = self._fetch(
            f"WITH docs AS ({inner}) SELECT w.r_id FROM ({rows}) w"
            f" ORDER BY {self._order('w.')} LIMIT %s OFFSET %s",
            [*params, *rows_params, (stop - start) if stop is not None else 10**9, start],
        )
        return [pk for (pk,) in records]

    def _fetch(self, sql, params):
        """The rows of one of the library's queries. With words, on PostgreSQL, its planner is
        told not to read the documents' table whole: it does not count what reading a search
        vector costs, and for a word found in a third of 100,000 documents it tested every
        row's vector (1.1 s) rather than asking the vectors' index (0.16 s)."""
        with connection.cursor() as cursor:
            if not (self.query and self.use_postgres):
                cursor.execute(sql, params)
                return cursor.fetchall()
            # One round trip: PostgreSQL runs a message's statements in one transaction, in
            # which SET LOCAL holds; the setting comes back for what follows in an outer one.
            cursor.execute(
                f"SET LOCAL enable_seqscan = off; {sql}; SET LOCAL enable_seqscan = DEFAULT",
                params,
            )
            cursor.nextset()
            return cursor.fetchall()

    def _read(self, ids):
        """These documents, in this order, with their territories and highlighted passage."""
        if not ids:
            return []
        documents = self.base.filter(pk__in=ids)
        if self.use_postgres or not self.query:
            documents = documents.for_listing()  # SQLite's excerpts read the text below
        if self.use_postgres:
            through = Resource.territories.through.objects.filter(resource_id=OuterRef("pk"))
            documents = documents.annotate(
                territory_ids=ArraySubquery(through.values("territorypage_id"))
            )
            if self.query:
                documents = documents.annotate(headline=self._headline())
        by_id = {document.pk: document for document in documents}
        if not self.use_postgres:
            links = list(
                Resource.territories.through.objects.filter(
                    resource_id__in=list(by_id)
                ).values_list("resource_id", "territorypage_id")
            )
            for document in by_id.values():
                document.territory_ids = [t for r, t in links if r == document.pk]
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def active_filters(self):
        """How many facet values are selected (« Filtrer (n) »)."""
        return sum(len(values) for values in self.selected.values())

    def chips(self):
        """The active filters, each with the address of the same search without it: the words,
        then each selected value in the order of FACETS. A value this user may not see (a
        restricted session typed in the address) is shown as typed, never named."""
        chips = []
        if self.query:
            chips.append({"label": f"Mots : {self.query}", "url": self.url_with(q=None, page=None)})
        for facet in FACETS:
            names = self._names(facet) or {}
            for value in self.selected[facet.param]:
                chips.append(
                    {
                        "label": f"{facet.label} : {facet.name_of(value, names)}",
                        "url": self.url_toggling(facet.param, value),
                    }
                )
        return chips

    # The selection's archive

    @property
    def total_size(self):
        """The size of the matching documents' files, in bytes (read with the counts)."""
        self._counts()
        return self._size

    def archive(self):
        """What the library says of « Télécharger la sélection »: the number and size of the
        documents, whether the archive takes them (`fits`) and, if not, why (`too_many`,
        `too_large`)."""
        total = self._counts()[1]
        size = self.total_size
        too_many = total > ARCHIVE_MAX_DOCUMENTS
        too_large = size > ARCHIVE_MAX_BYTES
        return {
            "count": total,
            "size": size,
            "fits": bool(total) and not (too_many or too_large),
            "too_many": too_many,
            "too_large": too_large,
            "max_documents": ARCHIVE_MAX_DOCUMENTS,
            "max_bytes": ARCHIVE_MAX_BYTES,
            "query": self.url_with(page=None),
        }

    def archive_ids(self):
        """The ids of the whole selection in the chosen order, from the one counting query (no
        facet counted): at most one more than an archive takes, so that a selection too large
        is known as such."""
        self.counts_facets = False
        self._window, self._counted = (0, ARCHIVE_MAX_DOCUMENTS + 1), None
        return self._counts()[2]

    # Facets

    def facets(self):
        """The groups of the form: each facet with its values and their counts (none counted
        for a search made with facets=False), in the order of FACETS."""
        groups = []
        all_counts, total, _ids = self._counts()
        for facet in FACETS:
            names = self._names(facet)
            selected = self.selected[facet.param]
            counts = dict(all_counts[facet.param])
            # A selected value stays on screen (at 0) so that it can be unticked.
            for value in selected:
                if names is None or value in names:
                    counts.setdefault(value, 0)
            names = names or {}
            values = [
                FacetValue(
                    value=value,
                    label=facet.name_of(value, names),
                    count=counts[value],
                    selected=value in selected,
                    url=self.url_toggling(facet.param, value),
                )
                for value in sorted(counts, key=lambda v: facet.order(v, names))
            ]
            if values:
                # One value that every result has (« PDF », « 2014 »): ticking it would change
                # nothing, so the group folds away (a selected value stays, to be unticked).
                folded = len(values) == 1 and not values[0].selected and values[0].count >= total
                groups.append(FacetGroup(facet=facet, values=values, folded=folded))
        return groups

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
        # Read first, whatever the page holds: its documents' sessions and territories are
        # named from the visible ones.
        sessions, territories = self._visible(SESSIONS), self._visible(TERRITORIES)
        wanted = str(number or self.params.get("page") or "1")
        expected = int(wanted) if wanted.isascii() and wanted.isdigit() and len(wanted) < 7 else 1
        window = (max(expected - 1, 0) * page_size, page_size)
        if window != self._window:
            self._window, self._counted = window, None
        paginator = Paginator(_Matches(self), page_size)
        page = paginator.get_page(number or self.params.get("page"))
        documents = list(page.object_list)
        for document in documents:
            # Named from the visible pages read once per request: a restricted session or
            # territory is not named.
            document.session = sessions.get(document.session_id)
            document.visible_territories = sorted(
                (territories[pk] for pk in document.territory_ids if pk in territories),
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
            # One window of the text around the words, wide enough for their sentence:
            # editorial.excerpts.passage cuts it to whole sentences.
            max_words=70,
            min_words=40,
            max_fragments=1,
        )

    def _excerpt(self, document):
        """A highlighted passage of the document's text around the searched words."""
        if not self.query:
            return ""
        if self.use_postgres:
            return passage(document.headline or "", fragment=True)
        return excerpt(document.extracted_text, self.query)


# The counting query's SQL, from the facets' declarations: identifiers come from there only.


def _value_column(facet):
    return f"value_{facet.param}"


def _pass_column(facet):
    return f"passes_{facet.param}"


def _passing(filtered, skip=None):
    """SQL: a row of docs passes the selection of every facet but `skip` (`filtered`: the
    parameters of the facets with a selection, the others pass every row)."""
    return (
        " AND ".join(
            f"d.{_pass_column(f)}" for f in FACETS if f is not skip and f.param in filtered
        )
        or "TRUE"
    )


def _count_branch(facet, filtered):
    """A facet's branch of the counting query: the rows of docs that pass every other facet,
    counted by this facet's values (as text), tagged by the facet's parameter (a query
    parameter). (SQL, parameters)."""
    where = _passing(filtered, skip=facet)
    if facet.column is not None:
        values, source = f"d.{_value_column(facet)}", "docs d"
        where += f" AND {values} IS NOT NULL"
    else:
        link = facet.link
        quote = connection.ops.quote_name
        values = f"t.{quote(link.m2m_reverse_name())}"
        source = (
            f"docs d JOIN {quote(link.remote_field.through._meta.db_table)} t"
            f" ON t.{quote(link.m2m_column_name())} = d.r_id"
        )
    sql = (
        f"SELECT CAST(%s AS TEXT), CAST({values} AS TEXT), COUNT(*) FROM {source}"
        f" WHERE {where} GROUP BY {values}"
    )
    return sql, [facet.param]
