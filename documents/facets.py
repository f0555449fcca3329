"""The library's facets, each declared once.

A facet is a query parameter that may repeat (?type=a&type=b), the legend of its group in
the library's form, and where a document's values come from: a column of the document
table, or a many-to-many link. The rest follows from the declarations of FACETS, in their
order: the values a URL may select, the filter a selection adds, the facet's branch of the
counting query (documents.library), how its counts are read back, and its group of
checkboxes in the form (pages/library_page.html).

A facet's parameter names its columns in the library's SQL: identifiers there come from
these declarations only, never from a request, and a parameter must be a plain lower-case
name.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import ExtractYear, NullIf

from wagtail.models import DraftStateMixin, Page

from access.visibility import PAGE_LINK_FIELDS, visible_pages
from documents.models import Resource
from editorial.models import Theme
from sessions.models import SessionPage
from territoires.models import TerritoryPage

MAX_VALUES_PER_FACET = 20
MAX_VALUE_CHARS = 100


@dataclass(frozen=True)
class Rows:
    """Values that are rows of another table, each offered by one of its fields (`value`, in
    URLs) and named for visitors (`name`: a field, or for pages an attribute of their link
    fields and `value`). Pages go through the visibility rule: a restricted session or
    territory is neither offered nor matched."""

    model: type
    value: str
    name: str

    def read(self, request):
        """{id: row} of the rows this request may see, with what links and names need."""
        if issubclass(self.model, Page):
            rows = visible_pages(self.model.objects.only(*PAGE_LINK_FIELDS, self.value), request)
        else:
            rows = self.model.objects.only(self.value, self.name)
            if issubclass(self.model, DraftStateMixin):  # themes: never one still a draft
                rows = rows.filter(live=True)
        return {row.pk: row for row in rows}

    def choices(self, rows):
        """{id: (value in URLs, name shown)} of these rows."""
        return {
            pk: (str(getattr(row, self.value)), getattr(row, self.name)) for pk, row in rows.items()
        }


SESSIONS = Rows(SessionPage, value="number", name="label")
TERRITORIES = Rows(TerritoryPage, value="slug", name="title")
THEMES = Rows(Theme, value="slug", name="name")


# Orders of a facet's values: sort keys, given the values' names ({} where they have none).


def by_name(value, names):
    return str(names.get(value, value)).casefold()


def by_number(value, names):
    return int(value)


def newest_first(value, names):
    return -int(value)


def as_named(value, names):
    """In the order of the names declared in code (Resource.Kind's), any other value last."""
    return list(names).index(value) if value in names else 99


# Values as selected and as counted


def number_or_none(value):
    """Session numbers and years: at most four ASCII digits (never a Unicode digit)."""
    return value if value.isascii() and value.isdigit() and len(value) <= 4 else None


def whole_number(counted):
    """A year as the database counts it: PostgreSQL's EXTRACT gives a numeric."""
    return str(int(float(counted)))


@dataclass(frozen=True)
class Facet:
    """One facet of the library.

    param: the query parameter; it also names the facet's columns in the library's SQL.
    label: the legend of the facet's group in the form.
    field: the lookup on Resource that a selection filters on.
    column: a document's value, as the counting query reads it (NULL: none); None where
        `field` is a many-to-many link, counted through its join table.
    rows: where values are ids of another table's rows, those rows.
    names: values fixed in code, with their names, in their order: only those are accepted.
    accepts: a selected value as kept, or None to drop it.
    read: a counted value (as text) as URLs give it (ids of rows are read through `rows`).
    shown: how a value without a name is shown.
    order: the sort key of a value, given the values' names.
    """

    param: str
    label: str
    field: str
    column: Combinable | None = None
    rows: Rows | None = None
    names: tuple = ()
    accepts: Callable[[str], str | None] = str
    read: Callable[[str], str] = str
    shown: Callable[[str], str] = str
    order: Callable[[str, dict], object] = by_name

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", self.param):
            raise ValueError(f"A facet's parameter names SQL columns: {self.param!r}")

    def __iter__(self):
        """A facet unpacks as (parameter, label), the pair FACETS held before facets were
        declared (tests/test_library_counts.py reads it so)."""
        return iter((self.param, self.label))

    @property
    def link(self):
        """The many-to-many field of a facet counted through its join table."""
        return Resource._meta.get_field(self.field)

    def selected(self, params):
        """The values these GET parameters select: malformed ones are dropped, never an
        error."""
        values = [
            v.replace("\x00", "").strip()[:MAX_VALUE_CHARS] for v in params.getlist(self.param)
        ]
        values = [v for v in values if v][:MAX_VALUES_PER_FACET]
        if self.names:
            named = dict(self.names)
            values = [v for v in values if v in named]
        return [kept for kept in map(self.accepts, values) if kept is not None]

    def condition(self, wanted, choices):
        """What a document must satisfy to have one of the wanted values. Rows are matched by
        the ids of the visible ones (`choices`): choosing a restricted one matches nothing."""
        if self.rows is not None:
            wanted = [pk for pk, (value, _name) in choices.items() if value in wanted]
            if not wanted:
                return Value(False)
        if self.column is not None:
            return Q(**{f"{self.field}__in": wanted})
        link = self.link
        return Exists(
            link.remote_field.through.objects.filter(
                **{link.m2m_column_name(): OuterRef("pk")},
                **{f"{link.m2m_reverse_name()}__in": wanted},
            )
        )

    def value_of(self, counted, choices):
        """A value as the counting query gives it (text), as URLs give it; None for a row
        that is not offered (not visible)."""
        if self.rows is not None:
            choice = choices.get(int(counted))
            return None if choice is None else choice[0]
        return self.read(counted)

    def name_of(self, value, names):
        return names.get(value) or self.shown(value)


FACETS = (
    Facet(
        "type",
        "Type de document",
        field="kind",
        column=F("kind"),
        names=tuple(Resource.Kind.choices),
        order=as_named,
    ),
    Facet(
        "seance",
        "Séance",
        field="session_id",
        column=F("session_id"),
        rows=SESSIONS,
        accepts=number_or_none,
        order=by_number,
    ),
    Facet("territoire", "Territoire", field="territories", rows=TERRITORIES),
    Facet("theme", "Thème", field="themes", rows=THEMES),
    Facet(
        "annee",
        "Année",
        field="document_date__year",
        column=ExtractYear("document_date"),
        accepts=number_or_none,
        read=whole_number,
        order=newest_first,
    ),
    Facet(
        "format",
        "Format",
        field="file_format",
        column=NullIf("file_format", Value("")),
        accepts=str.lower,
        shown=str.upper,
    ),
)


# What the form shows


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetGroup:
    """A facet's group of checkboxes: its declaration and the values offered."""

    facet: Facet
    values: list
    folded: bool = False  # not offered: its one value applies to every result

    @property
    def param(self):
        return self.facet.param

    @property
    def label(self):
        return self.facet.label
