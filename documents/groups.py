"""A session's or a territory's documents by type, for their pages: what the session itself
left (programme, report, training materials) first, the territories' many working documents
and action sheets last, so that a group of eight is never wedged between two single
documents. Each group shows its first documents and says how many it holds, in one query
whatever their number; the rest is in the library, filtered on the page and the type."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from access.visibility import visible_documents
from documents.models import Resource

Kind = Resource.Kind

# The reading order of the groups on a session or territory page.
ORDER = [
    Kind.PROGRAMME,
    Kind.REPORT,
    Kind.TRAINING_MATERIAL,
    Kind.SYNTHESIS,
    Kind.REFERENCE,
    Kind.WORKING_DOCUMENT,
    Kind.ACTION_SHEET,
]
PLURALS = {
    Kind.PROGRAMME: "Programmes",
    Kind.REPORT: "Comptes rendus",
    Kind.TRAINING_MATERIAL: "Supports de formation",
    Kind.SYNTHESIS: "Synthèses",
    Kind.REFERENCE: "Documents de référence",
    Kind.WORKING_DOCUMENT: "Documents de travail",
    Kind.ACTION_SHEET: "Fiches action",
}
# Documents named per group; a longer group goes on in the library.
SHOWN = 10


@dataclass
class KindGroup:
    kind: str
    total: int  # the documents of this type this user may see, shown or not
    documents: list = field(default_factory=list)
    library_url: str = ""  # the library on this page's documents of this type

    @property
    def label(self):
        """« Programme » for one, « Fiches action » for several."""
        if self.total == 1:
            return Kind(self.kind).label if self.kind in Kind.values else self.kind
        return PLURALS.get(self.kind, self.kind)

    @property
    def anchor(self):
        return "documents-" + self.kind.replace("_", "-")

    @property
    def more(self):
        return self.total > len(self.documents)


@dataclass
class KindGroups:
    groups: list

    @property
    def total(self):
        return sum(group.total for group in self.groups)

    def __iter__(self):
        return iter(self.groups)

    def __len__(self):
        return len(self.groups)

    @property
    def more(self):
        """Whether a group goes on in the library."""
        return any(group.more for group in self.groups)


def by_kind(documents, request, library_url="", library_filter=()):
    """The documents of `documents` this request's user may see, by type in ORDER (types out
    of it after, by name): the first SHOWN of each by title, with each group's size.
    `library_filter`, pairs such as ("seance", 1), makes each group's link to the library."""
    rows = (
        visible_documents(documents.for_listing(), request)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("title").asc(), "pk"]),
            group_size=Window(Count("pk"), partition_by=[F("kind")]),
        )
        .filter(rank__lte=SHOWN)
        .order_by("kind", "rank")
    )
    groups = {}
    for document in rows:
        group = groups.get(document.kind)
        if group is None:
            query = urlencode([*library_filter, ("type", document.kind)])
            group = groups[document.kind] = KindGroup(
                document.kind,
                document.group_size,
                library_url=f"{library_url}?{query}" if library_url else "",
            )
        group.documents.append(document)
    place = {kind: n for n, kind in enumerate(ORDER)}
    return KindGroups(
        sorted(groups.values(), key=lambda g: (place.get(g.kind, len(place)), g.kind))
    )
