"""Rapports › Téléchargements in a real browser: an editor picks a year, reads its figures
and downloads the CSV, which a French spreadsheet opens with its accents (issue #16, point 9)."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from documents.models import DownloadCount, Resource

from .steps import log_in_to_the_admin

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_downloads_the_year_as_a_csv_with_its_accents(page, demo_site):
    documents = list(Resource.objects.order_by("title")[:3])
    for number, document in enumerate(documents, start=1):
        DownloadCount.objects.create(document=document, month=date(2014, number, 1), count=number)
    DownloadCount.objects.create(document=documents[0], month=date(2013, 12, 1), count=50)

    log_in_to_the_admin(page, demo_site, "editeur.aradel")
    page.goto(demo_site + "/admin/")
    page.get_by_role("button", name="Rapports").click()
    page.get_by_role("link", name="Téléchargements").click()
    page.get_by_label("Du mois").fill("2014-01")
    page.get_by_label("Au mois (inclus)").fill("2014-12")
    page.get_by_role("button", name="Afficher la période").click()
    page.wait_for_url("**du=2014-01**")
    assert "6 téléchargements de 3 documents" in page.inner_text("main")
    page.get_by_role("link", name=documents[0].title).first.wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger en CSV (Excel, LibreOffice)").click()
    download = download_info.value
    assert download.suggested_filename == "telechargements-2014-01-2014-12.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Document", "Type", "Séance"]
    assert {row[0] for row in rows[1:]} == {document.title for document in documents}
    assert sum(int(row[4]) for row in rows[1:]) == 6
