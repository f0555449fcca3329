"""Rapports › Téléchargements: how many times the documents were downloaded over a period, in
the shape of an association's annual activity report (totals, the most downloaded documents,
the breakdowns by month, session, territory and type), with exports for French spreadsheets.

What is counted: one `DownloadCount` row per document and month (documents.signals). The
report is the staff's: it counts every document an editor may change, released or waiting,
public or reserved to participants; who may open it (and its exports, the same view) is
decided by Wagtail's document rights, as for the documents' own admin.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count, Max, Min, Sum
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin
from wagtail.permissions import policy_registry

from documents.models import DownloadCount, Resource

# The years a month may have: enough for the site's whole life, and a bound on the number of
# months a period lists (the monthly table, the exports' month columns).
FIRST_YEAR, LAST_YEAR = 2000, 2099
MONTH_FORMAT = "AAAA-MM"
ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
FRENCH_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{4})")

# How many documents the page lists; the exports list them all.
TOP_DOCUMENTS = 20

NO_SESSION = "Sans séance"
NO_TERRITORY = "Sans territoire"
TERRITORY_RULE = (
    "Un document rattaché à plusieurs territoires compte pour chacun d’eux : la somme des "
    "territoires peut dépasser le total de la période."
)
WHAT_IS_COUNTED = (
    "Téléchargements complets par des personnes (ni robots, ni demandes partielles, ni "
    "téléchargements interrompus), comptés par document et par mois. Un document supprimé "
    "emporte ses téléchargements."
)


def document_policy():
    return policy_registry.get_by_type(Resource)


def month_label(month):
    """« janvier 2014 »."""
    return date_format(month, "F Y")


def month_value(month):
    """« 2014-01 », as the form and `<input type="month">` write it."""
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start, end):
    months, month = [], start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def downloads_phrase(count):
    """French plural: 0 and 1 take the singular."""
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} téléchargement{'s' if count > 1 else ''}"


def documents_phrase(count):
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} document{'s' if count > 1 else ''}"


def share(part, total):
    """The percentage of the period's total, to one decimal (a float, for the spreadsheets)."""
    return round(100 * part / total, 1) if total else 0.0


def folded(label):
    """For sorting in French: « Vénissieux » before « Villeurbanne »."""
    return unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()


def french_decimal(value):
    """« 12,5 »: what a French spreadsheet reads as a number."""
    return f"{value:.1f}".replace(".", ",")


def parse_month(value):
    """The first day of the month written `AAAA-MM` (or `MM/AAAA`), else ValidationError."""
    text = value.strip()
    iso, french = ISO_MONTH.fullmatch(text), FRENCH_MONTH.fullmatch(text)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
    elif french:
        month, year = int(french.group(1)), int(french.group(2))
    else:
        raise forms.ValidationError(
            f"« {text} » n’est pas un mois : écrivez-le sous la forme {MONTH_FORMAT}, par "
            "exemple 2014-01."
        )
    if not 1 <= month <= 12:
        raise forms.ValidationError(
            f"« {text} » n’est pas un mois : le mois va de 01 à 12 ({MONTH_FORMAT})."
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise forms.ValidationError(
            f"« {text} » : l’année doit être comprise entre {FIRST_YEAR} et {LAST_YEAR}."
        )
    return date(year, month, 1)


class PeriodForm(forms.Form):
    """The period, from the address (`?du=2014-01&au=2014-12`): shareable, and the exports
    take the same parameters. An empty bound is open (the first month counted, this month)."""

    du = forms.CharField(label="Du mois", required=False, max_length=20)
    au = forms.CharField(label="Au mois (inclus)", required=False, max_length=20)

    def clean_du(self):
        value = self.cleaned_data["du"]
        return parse_month(value) if value.strip() else None

    def clean_au(self):
        value = self.cleaned_data["au"]
        return parse_month(value) if value.strip() else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            raise forms.ValidationError(
                f"Le mois de début ({month_label(start)}) est après le mois de fin "
                f"({month_label(end)}) : inversez-les."
            )
        return cleaned


@dataclass
class Row:
    """One line of a breakdown: a label, its downloads, its documents, its share."""

    label: str
    downloads: int
    documents: int
    share: float


@dataclass
class DocumentRow:
    document: Resource
    downloads: int
    share: float
    by_month: dict = field(default_factory=dict)

    @property
    def edit_url(self):
        return reverse("wagtaildocs:edit", args=[self.document.pk])

    @property
    def kind(self):
        return self.document.get_kind_display()

    @property
    def session(self):
        return self.document.session.title if self.document.session else ""

    @property
    def territories(self):
        return ", ".join(territory.title for territory in self.document.territories.all())


class DownloadFigures:
    """The figures of one period over the documents this user may change."""

    def __init__(self, user, start=None, end=None):
        documents = document_policy().instances_user_has_any_permission_for(user, ["change"])
        self.counted = DownloadCount.objects.filter(document__in=documents.values("pk"))
        bounds = self.counted.aggregate(first=Min("month"), last=Max("month"))
        self.first_counted, self.last_counted = bounds["first"], bounds["last"]
        this_month = timezone.localdate().replace(day=1)
        self.is_whole = start is None and end is None
        # An open end is this month (or the last month counted, if a clock went back); an
        # open start is the first month counted (or the end, when nothing was counted).
        self.end = end or max(filter(None, [this_month, self.last_counted, start]))
        self.start = start or min(filter(None, [self.first_counted, self.end]))
        self.this_month = this_month
        self.counts = self.counted.filter(month__gte=self.start, month__lte=self.end)

    # The period.
    @cached_property
    def months(self):
        return months_between(self.start, self.end)

    @property
    def label(self):
        if self.start == self.end:
            span = month_label(self.start)
        else:
            span = f"de {month_label(self.start)} à {month_label(self.end)}"
        return f"toute la période comptée ({span})" if self.is_whole else span

    @property
    def filename(self):
        return f"telechargements-{month_value(self.start)}-{month_value(self.end)}"

    # The totals.
    @cached_property
    def totals(self):
        return self.counts.aggregate(
            downloads=Sum("count", default=0), documents=Count("document", distinct=True)
        )

    @property
    def total(self):
        return self.totals["downloads"]

    @property
    def documents_downloaded(self):
        return self.totals["documents"]

    @property
    def summary(self):
        """« 7 téléchargements de 3 documents »."""
        if not self.total:
            return "aucun téléchargement"
        return f"{downloads_phrase(self.total)} de {documents_phrase(self.documents_downloaded)}"

    # The breakdowns.
    def _rows(self, grouped, label_of):
        return [
            Row(
                label_of(group),
                group["downloads"],
                group["documents"],
                share(group["downloads"], self.total),
            )
            for group in grouped.annotate(
                downloads=Sum("count"), documents=Count("document", distinct=True)
            )
        ]

    @cached_property
    def by_month(self):
        counted = {
            row["month"]: row
            for row in self.counts.values("month").annotate(
                downloads=Sum("count"), documents=Count("document", distinct=True)
            )
        }
        rows = []
        for month in self.months:
            found = counted.get(month, {"downloads": 0, "documents": 0})
            rows.append(
                Row(
                    month_label(month),
                    found["downloads"],
                    found["documents"],
                    share(found["downloads"], self.total),
                )
            )
        return rows

    @cached_property
    def by_session(self):
        grouped = self.counts.values(
            "document__session", "document__session__title", "document__session__number"
        ).order_by("document__session__number", "document__session__title")
        rows = self._rows(grouped, lambda g: g["document__session__title"] or NO_SESSION)
        return sorted(rows, key=lambda row: row.label == NO_SESSION)  # « Sans séance » last

    @cached_property
    def by_territory(self):
        grouped = self.counts.values(
            "document__territories", "document__territories__title"
        ).order_by()
        rows = self._rows(grouped, lambda g: g["document__territories__title"] or NO_TERRITORY)
        # The most downloaded first, « Sans territoire » last.
        return sorted(
            rows, key=lambda row: (row.label == NO_TERRITORY, -row.downloads, folded(row.label))
        )

    @cached_property
    def by_kind(self):
        labels = dict(Resource.Kind.choices)
        grouped = self.counts.values("document__kind").order_by("document__kind")
        rows = self._rows(grouped, lambda g: labels.get(g["document__kind"], g["document__kind"]))
        return sorted(rows, key=lambda row: (-row.downloads, folded(row.label)))

    def documents(self, limit=None, with_months=False):
        """The documents downloaded in the period, most downloaded first (then by title)."""
        ranked = (
            self.counts.values("document")
            .annotate(downloads=Sum("count"))
            .order_by("-downloads", "document__title", "document")
        )
        if limit:
            ranked = ranked[:limit]
        ranked = list(ranked)
        ids = [row["document"] for row in ranked]
        documents = (
            Resource.objects.for_listing()
            .filter(pk__in=ids)
            .select_related("session")
            .prefetch_related("territories")
            .in_bulk()
        )
        by_month = {}
        if with_months:
            for row in (
                self.counts.filter(document__in=ids)
                .values("document", "month")
                .annotate(downloads=Sum("count"))
            ):
                by_month.setdefault(row["document"], {})[row["month"]] = row["downloads"]
        return [
            DocumentRow(
                documents[row["document"]],
                row["downloads"],
                share(row["downloads"], self.total),
                by_month.get(row["document"], {}),
            )
            for row in ranked
        ]

    @cached_property
    def top_documents(self):
        return self.documents(limit=TOP_DOCUMENTS)

    # The shortcuts.
    def presets(self):
        """(label, parameters) of the usual periods: the whole, this year, last year, the last
        twelve months, and each other year with downloads."""
        year = self.this_month.year
        presets = [
            ("Toute la période", {}),
            (
                f"Cette année ({year})",
                {"du": f"{year}-01", "au": month_value(self.this_month)},
            ),
            (f"L’année dernière ({year - 1})", {"du": f"{year - 1}-01", "au": f"{year - 1}-12"}),
            (
                "Les 12 derniers mois",
                {
                    "du": month_value(add_months(self.this_month, -11)),
                    "au": month_value(self.this_month),
                },
            ),
        ]
        counted_years = {month.year for month in self.counted.dates("month", "year")}
        for earlier in sorted(counted_years - {year, year - 1}, reverse=True):
            presets.append((str(earlier), {"du": f"{earlier}-01", "au": f"{earlier}-12"}))
        return presets


def neutralise_formula(value):
    """A title such as « =HYPERLINK(…) » stays text when a spreadsheet opens the CSV."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class DownloadsReportView(
    PermissionCheckedMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The page, and its two exports (`?export=csv`, `?export=xlsx`) with the same period and
    the same rights. Wagtail's export mixin writes the spreadsheets; the CSV is made for French
    spreadsheets (UTF-8 with a byte-order mark, `;`, decimal comma)."""

    page_title = "Téléchargements des documents"
    header_icon = "download"
    template_name = "documents/downloads_report.html"
    any_permission_required = ["add", "change"]
    # The buttons are on the page, beside the period, not in Wagtail's « … » menu.
    show_export_buttons = False
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        str: {SpreadsheetExportMixin.FORMAT_CSV: neutralise_formula},
        float: {SpreadsheetExportMixin.FORMAT_CSV: french_decimal},
    }

    @cached_property
    def permission_policy(self):
        return document_policy()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = PeriodForm(request.GET)
        if not self.form.is_valid():
            # Nothing is counted over a period that does not exist; the form says why.
            return self.render_to_response(self.get_context_data(figures=None), status=400)
        self.figures = DownloadFigures(
            request.user, self.form.cleaned_data["du"], self.form.cleaned_data["au"]
        )
        if self.is_export:
            return self.as_spreadsheet(None, request.GET["export"])
        return self.render_to_response(self.get_context_data(figures=self.figures))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["what_is_counted"] = WHAT_IS_COUNTED
        context["territory_rule"] = TERRITORY_RULE
        figures = kwargs.get("figures")
        if figures:
            selected = {
                key: value for key, value in self.request.GET.items() if key in ("du", "au")
            }
            context["presets"] = [
                {
                    "label": label,
                    "url": f"{self.request.path}?{urlencode(params)}"
                    if params
                    else self.request.path,
                    "current": {k: v for k, v in selected.items() if v} == params,
                }
                for label, params in figures.presets()
            ]
            context["more_documents"] = figures.documents_downloaded - len(figures.top_documents)
            context["csv_url"] = self.csv_export_url
            context["xlsx_url"] = self.xlsx_export_url
        return context

    # The exports (SpreadsheetExportMixin).
    def get_filename(self):
        return self.figures.filename

    @cached_property
    def headings(self):
        headings = {
            "title": "Document",
            "kind": "Type",
            "session": "Séance",
            "territories": "Territoires",
            "downloads": "Téléchargements sur la période",
            "share": "Part du total (%)",
        }
        for month in self.figures.months:
            headings[month_value(month)] = month_label(month)
        return headings

    @property
    def list_export(self):
        return list(self.headings)

    def get_heading(self, queryset, field):
        return self.headings[field]

    def to_row_dict(self, row):
        values = {
            "title": row.document.title,
            "kind": row.kind,
            "session": row.session,
            "territories": row.territories,
            "downloads": row.downloads,
            "share": row.share,
        }
        for month in self.figures.months:
            values[month_value(month)] = row.by_month.get(month, 0)
        return values

    def document_rows(self):
        return self.figures.documents(with_months=True)

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode()  # the byte-order mark: Excel then reads UTF-8
        yield writer.writerow(self.headings)
        for row in self.document_rows():
            yield self.write_csv_row(writer, self.to_row_dict(row))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def write_xlsx(self, queryset, output):
        """A workbook: the summary, then one sheet per table of the page."""
        from openpyxl import Workbook

        figures = self.figures
        workbook = Workbook(write_only=True)
        self._sheet(
            workbook,
            "Synthèse",
            ["Rubrique", "Valeur"],
            [
                ["Période", figures.label],
                ["Téléchargements", figures.total],
                ["Documents téléchargés", figures.documents_downloaded],
                ["Ce qui est compté", WHAT_IS_COUNTED],
                ["Territoires", TERRITORY_RULE],
                ["Établi le", date_format(timezone.localdate(), "j F Y")],
            ],
            widths=[24, 90],
        )
        self._sheet(
            workbook,
            "Par document",
            list(self.headings.values()),
            [list(self.to_row_dict(row).values()) for row in self.document_rows()],
            widths=[50, 22, 30, 30, 16, 12],
        )
        breakdowns = [
            ("Par mois", "Mois", figures.by_month),
            ("Par séance", "Séance", figures.by_session),
            ("Par territoire", "Territoire", figures.by_territory),
            ("Par type", "Type de document", figures.by_kind),
        ]
        for title, heading, rows in breakdowns:
            self._sheet(
                workbook,
                title,
                [heading, "Téléchargements", "Documents téléchargés", "Part du total (%)"],
                [[row.label, row.downloads, row.documents, row.share] for row in rows],
                widths=[40, 16, 22, 18],
            )
        workbook.save(output)

    def _sheet(self, workbook, title, headings, rows, widths=()):
        worksheet = workbook.create_sheet(title=title)
        for index, width in enumerate(widths):
            worksheet.column_dimensions[chr(ord("A") + index)].width = width
        worksheet.append(headings)
        for row in rows:
            # Wagtail's row writer keeps a title that looks like a formula as text.
            worksheet.append(self.generate_xlsx_row(worksheet, dict(enumerate(row))))


class DownloadsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return document_policy().user_has_any_permission(request.user, ["add", "change"])
