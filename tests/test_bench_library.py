"""The library's benchmark (`make bench-library`): its data look like the demo's (public and
participant-only documents, with territories, themes and sessions), and every case it times
is answered (a case that failed would time an error page)."""

import io

from django.core.management import call_command

import pytest

from demo.management.commands.bench_search import CASES
from documents.collections import PRIVATE_COLLECTION_NAME, PUBLIC_COLLECTION_NAME
from documents.models import Resource

pytestmark = pytest.mark.django_db


def test_generated_documents_are_spread_as_the_demos(demo):
    call_command("generate_documents", "90", stdout=io.StringIO(), stderr=io.StringIO())
    generated = Resource.objects.filter(title__startswith="Document de mesure")
    assert generated.count() == 90
    collections = set(generated.values_list("collection__name", flat=True))
    assert collections == {PUBLIC_COLLECTION_NAME, PRIVATE_COLLECTION_NAME}
    assert generated.filter(territories__isnull=False).exists()
    assert generated.filter(themes__isnull=False).exists()
    assert generated.filter(session__isnull=False).exists()
    assert not generated.filter(extracted_text="").exists()


def test_every_case_is_timed(demo):
    call_command("generate_documents", "30", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("bench_search", "--repeat", "2", "--rounds", "1", stdout=out)
    printed = out.getvalue()
    assert "FRAGMENT_CACHE_SECONDS=" in printed
    for label, _url, _cold in CASES:
        assert label in printed
