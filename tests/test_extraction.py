"""Text inside the files: extracted at upload, bounded, never failing on a bad file."""

from django.core.files.base import ContentFile

import pytest

from documents.factories import ResourceFactory
from documents.models import Resource

from . import files

pytestmark = pytest.mark.django_db


def make(content, name):
    return ResourceFactory(file=ContentFile(content, name=name))


@pytest.mark.parametrize(
    ("content", "name", "pages"),
    [
        (files.pdf(), "support.pdf", 1),
        (files.docx(), "portrait.docx", 1),
        (files.odt(), "portrait.odt", None),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_text_of_pdf_docx_and_odt_is_extracted(content, name, pages):
    document = make(content, name)
    assert document.text_status == Resource.TextStatus.INDEXED
    assert "commerce de proximité du quartier prioritaire" in document.extracted_text
    assert "clauses d'insertion" in document.extracted_text
    assert document.page_count == pages
    assert document.file_format == name.rsplit(".", 1)[1]


def test_spreadsheet_text_is_extracted():
    document = make(files.xlsx(), "indicateurs.xlsx")
    assert document.text_status == Resource.TextStatus.INDEXED
    assert "Demandeurs d'emploi du quartier" in document.extracted_text
    assert document.page_count == 1


def test_pdf_gets_a_first_page_preview():
    document = make(files.pdf(), "support.pdf")
    assert document.preview
    with document.preview.open("rb") as handle:
        assert handle.read(12)[8:12] == b"WEBP"


def test_damaged_pdf_is_kept_and_marked():
    document = make(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "abime.pdf")
    assert Resource.objects.filter(pk=document.pk).exists()
    assert document.text_status == Resource.TextStatus.NOT_INDEXED
    assert document.get_text_status_display() == "Texte non indexé"
    assert document.text_status_detail


def test_password_protected_pdf_is_kept_and_marked():
    document = make(files.encrypted_pdf(), "protege.pdf")
    assert document.text_status == Resource.TextStatus.NOT_INDEXED
    assert "mot de passe" in document.text_status_detail


def test_zip_bomb_is_refused_by_the_extractor():
    document = make(files.zip_bomb_docx(), "bombe.docx")
    assert document.text_status == Resource.TextStatus.NOT_INDEXED
    assert "volumineuse" in document.text_status_detail


def test_long_extraction_is_interrupted_and_the_document_kept(settings):
    settings.DOCUMENT_EXTRACTION_TIMEOUT = 1
    document = make(files.long_pdf(), "tres-long.pdf")
    assert Resource.objects.filter(pk=document.pk).exists()
    assert document.text_status == Resource.TextStatus.NOT_INDEXED
    assert document.text_status_detail in {
        "analyse trop longue, interrompue",
        "fichier trop lourd à analyser",
    }


def test_replacing_the_file_extracts_again():
    document = make(files.pdf(title="Premier"), "support.pdf")
    assert "Premier" in document.extracted_text
    document.file = ContentFile(files.odt(title="Second"), name="support.odt")
    document.file_size = None
    document.save()
    document.refresh_from_db()
    assert "Second" in document.extracted_text
    assert "Premier" not in document.extracted_text
    assert document.file_format == "odt"


def test_reindex_command_re_extracts_everything(capsys):
    from django.core.management import call_command

    document = make(files.pdf(), "support.pdf")
    Resource.objects.filter(pk=document.pk).update(extracted_text="", text_status="en_attente")
    call_command("reindex_documents")
    document.refresh_from_db()
    assert document.text_status == Resource.TextStatus.INDEXED
    assert "commerce" in document.extracted_text
    assert "1/1" in capsys.readouterr().err
