"""Real files for the tests, written by the same libraries as the demo's."""

import io
import zipfile

from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

from demo.files import docx_bytes, odt_bytes, pdf_bytes

SECTIONS = [
    ("Développement économique", ["Le commerce de proximité du quartier prioritaire."]),
    ("Emploi", ["Les clauses d'insertion des chantiers de rénovation urbaine."]),
]


def pdf(title="Support de formation", sections=SECTIONS):
    return pdf_bytes(title, "Séance 3, 27 mai 2014", sections)


def docx(title="Portrait économique", sections=SECTIONS):
    return docx_bytes(title, "Document de travail", sections)


def odt(title="Portrait économique"):
    return odt_bytes(title, "Document de travail", SECTIONS)


def xlsx():
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Indicateur"
    sheet["B1"] = "Demandeurs d'emploi du quartier"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def long_pdf(pages=1000):
    """Many pages of text, made fast by repeating one page."""
    page = PdfReader(io.BytesIO(pdf(sections=[("Texte", ["Développement urbain. " * 200])]))).pages[
        0
    ]
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (120 * 1024 * 1024))
    return buffer.getvalue()
