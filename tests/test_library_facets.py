"""Each facet of the library is declared once (documents/facets.py): a facet added to FACETS
is read from the URL, filters the documents, is counted by the database with the others and
shown in the form, with nothing else to edit."""

from django.db.models import F

import pytest

from documents import library
from documents.facets import FACETS, Facet, as_named
from documents.factories import LibraryPageFactory, ResourceFactory
from documents.models import Resource

pytestmark = pytest.mark.django_db

TEXT_STATUS = Facet(
    "analyse",
    "Analyse du texte",
    field="text_status",
    column=F("text_status"),
    names=tuple(Resource.TextStatus.choices),
    order=as_named,
)


def test_parameters_are_unique_plain_names():
    params = [facet.param for facet in FACETS]
    assert len(set(params)) == len(params)
    with pytest.raises(ValueError):
        Facet("type; DROP TABLE", "Type", field="kind", column=F("kind"))


def test_a_facet_added_to_the_declarations_filters_counts_and_shows(client, home_page, monkeypatch):
    LibraryPageFactory(parent=home_page)
    indexed, *_others = ResourceFactory.create_batch(3, kind="programme")
    Resource.objects.filter(pk=indexed.pk).update(text_status=Resource.TextStatus.INDEXED)
    Resource.objects.exclude(pk=indexed.pk).update(text_status=Resource.TextStatus.PENDING)
    monkeypatch.setattr(library, "FACETS", (*FACETS, TEXT_STATUS))

    response = client.get("/ressources/?analyse=indexe&analyse=inconnu&type=programme")

    assert [document.pk for document in response.context["page_obj"].object_list] == [indexed.pk]
    groups = {group.param: group for group in response.context["facets"]}
    # Each facet counts the documents that pass the others' selections, not its own.
    assert [(v.value, v.label, v.count, v.selected) for v in groups["analyse"].values] == [
        ("en_attente", Resource.TextStatus.PENDING.label, 2, False),
        ("indexe", Resource.TextStatus.INDEXED.label, 1, True),
    ]
    assert {v.value: v.count for v in groups["type"].values} == {"programme": 1}
    html = response.content.decode()
    assert "<legend>Analyse du texte</legend>" in html
    assert 'name="analyse" value="indexe" checked' in html
