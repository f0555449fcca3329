"""Office files with what glues words together when it is misread (tabs, line breaks, runs of
spaces, tables, headers, footers, notes, several slides and sheets), written by well-kept
libraries, and each library's own reading of them: the oracle of tests/test_extraction.py."""

import io
import re
import zipfile

import docx
import openpyxl
import pptx
from odf import draw, presentation, style, table, teletype, text
from odf.namespaces import TEXTNS
from odf.opendocument import OpenDocumentPresentation, OpenDocumentSpreadsheet, OpenDocumentText

# Each file says these, among other things; each pair must come out as two words.
GLUED = ["développement\téconomique", "emploi\ninsertion", "centre  ville"]
FOOTNOTE = "Source : enquête auprès des commerçants"


def words(value):
    return value.split()


# Word


def _add_docx_footnote(data):
    """python-docx writes no footnotes: add a real footnotes part, referenced from the body."""
    source = zipfile.ZipFile(io.BytesIO(data))
    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{namespace}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{FOOTNOTE}</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "word/document.xml":
                content = content.replace(
                    b"<w:t>Le quartier</w:t></w:r>",
                    b'<w:t>Le quartier</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
                    1,
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", footnotes)
    return output.getvalue()


def docx_file():
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "En-tête\tARADEL et CR•DSU"
    section.footer.paragraphs[0].text = "Pied de page\nformation-action 2014"
    document.add_heading("Portrait\téconomique du quartier", level=1)
    for phrase in GLUED:
        document.add_paragraph(f"Le {phrase} du quartier prioritaire.")
    document.add_paragraph("Le quartier")
    grid = document.add_table(rows=2, cols=2)
    for row, cells in enumerate([("Enjeu", "Action"), ("Commerce\tde proximité", "Marché")]):
        for column, value in enumerate(cells):
            grid.cell(row, column).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return _add_docx_footnote(buffer.getvalue())


def docx_oracle(data):
    """What python-docx reads: paragraphs and tables of the body, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = []
    for section in document.sections:
        for block in (section.header, section.footer):
            parts += [p.text for p in block.paragraphs]
    parts += [p.text for p in document.paragraphs]
    for grid in document.tables:
        parts += [cell.text for row in grid.rows for cell in row.cells]
    return words(" ".join(parts)) + words(FOOTNOTE)


# PowerPoint


def pptx_file():
    deck = pptx.Presentation()
    layout = deck.slide_layouts[5]  # title only
    for number, phrase in enumerate(GLUED, start=1):
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = f"Séance {number}\vDiagnostic partagé"
        box = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
        box.text = f"Le {phrase} du quartier"
        box.add_paragraph().text = "Deuxième paragraphe\tavec tabulation"
        slide.notes_slide.notes_text_frame.text = f"Notes de l'animateur {number}"
    grid = deck.slides[0].shapes.add_table(2, 2, 0, 0, 100, 100).table
    for row, cells in enumerate([("Enjeu", "Action"), ("Emploi\tlocal", "Clauses")]):
        for column, value in enumerate(cells):
            grid.cell(row, column).text = value
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def pptx_oracle(data):
    """What python-pptx reads: every shape's text, tables' cells, the notes."""
    parts = []
    for slide in pptx.Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            for shape in slide.notes_slide.shapes:
                if shape.has_text_frame:
                    parts.append(shape.text_frame.text)
    return words(" ".join(parts).replace("\v", " "))


# Excel


def xlsx_file():
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Indicateurs"
    first.append(["Indicateur", "Valeur", "Commentaire"])
    first.append(["Demandeurs d'emploi du quartier", 412, "en\nhausse"])
    first.append(["Taux de chômage", 21.5, GLUED[0]])
    second = book.create_sheet("Actions")
    second.append(["Action", "État"])
    second.append([GLUED[1], "engagée"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_oracle(data):
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    values = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return words(" ".join(values))


# OpenDocument


def _paragraph(value, note=None):
    paragraph = text.P()
    teletype.addTextToElement(paragraph, value)
    if note:
        element = text.Note(noteclass="footnote", id="ftn1")
        element.addElement(text.NoteCitation(text="1"))
        body = text.NoteBody()
        body.addElement(text.P(text=note))
        element.addElement(body)
        paragraph.addElement(element)
    return paragraph


def _save(document):
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odt_file(with_note=True):
    document = OpenDocumentText()
    layout = style.PageLayout(name="Mise en page")
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header, footer = style.Header(), style.Footer()
    header.addElement(_paragraph("En-tête\tARADEL et CR•DSU"))
    footer.addElement(_paragraph("Pied de page\nformation-action 2014"))
    master.addElement(header)
    master.addElement(footer)
    document.masterstyles.addElement(master)
    heading = text.H(outlinelevel=1)
    teletype.addTextToElement(heading, "Portrait\téconomique du quartier")
    document.text.addElement(heading)
    for phrase in GLUED:
        document.text.addElement(_paragraph(f"Le {phrase} du quartier prioritaire."))
    document.text.addElement(_paragraph("Le quartier ", FOOTNOTE if with_note else None))
    grid = table.Table(name="Enjeux")
    for cells in [("Enjeu", "Action"), ("Commerce\tde proximité", "Marché")]:
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell(valuetype="string")
            cell.addElement(_paragraph(value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    return _save(document)


def _outermost_paragraphs(document, root):
    found = []
    for element in root.getElementsByType(text.P) + root.getElementsByType(text.H):
        parent, nested = element.parentNode, False
        while parent is not None:
            if parent.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                nested = True
            parent = parent.parentNode
        if not nested:
            found.append(element)
    return found


def odf_oracle(data, extra=()):
    """What odfpy reads (teletype.extractText) of every outermost paragraph and heading, in
    the body and in the master pages' headers and footers."""
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    parts = [
        teletype.extractText(paragraph)
        for root in (document.body, document.masterstyles)
        for paragraph in _outermost_paragraphs(document, root)
    ]
    return words(" ".join(parts)) + list(extra)


def odt_oracle(data):
    """The same file without its note, read by odfpy (which glues a note's text to its
    paragraph's), plus the note as a reader sees it: its mark, then its text."""
    return odf_oracle(odt_file(with_note=False), extra=["1", *words(FOOTNOTE)])


def ods_file():
    document = OpenDocumentSpreadsheet()
    for name, rows in [
        ("Indicateurs", [("Indicateur", "Valeur"), ("Demandeurs d'emploi", 412)]),
        ("Actions", [("Action", "État"), (GLUED[1], "engagée"), (GLUED[2], GLUED[0])]),
    ]:
        sheet = table.Table(name=name)
        for values in rows:
            row = table.TableRow()
            for value in values:
                if isinstance(value, int):
                    cell = table.TableCell(valuetype="float", value=value)
                else:
                    cell = table.TableCell(valuetype="string")
                cell.addElement(_paragraph(str(value)))
                row.addElement(cell)
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
    return _save(document)


def odp_file():
    document = OpenDocumentPresentation()
    layout = style.PageLayout(name="Diapositive")
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Principal", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    for number, phrase in enumerate(GLUED, start=1):
        page = draw.Page(name=f"Diapositive {number}", masterpagename=master)
        frame = draw.Frame(width="20cm", height="10cm", x="1cm", y="1cm")
        box = draw.TextBox()
        box.addElement(_paragraph(f"Séance {number}\nDiagnostic partagé"))
        box.addElement(_paragraph(f"Le {phrase} du quartier"))
        frame.addElement(box)
        page.addElement(frame)
        notes = presentation.Notes()
        notes_frame = draw.Frame(width="20cm", height="10cm", x="1cm", y="1cm")
        notes_box = draw.TextBox()
        notes_box.addElement(_paragraph(f"Notes de l'animateur {number}"))
        notes_frame.addElement(notes_box)
        notes.addElement(notes_frame)
        page.addElement(notes)
        document.presentation.addElement(page)
    return _save(document)


# PDF


def pdf_file():
    from demo.files import pdf_bytes

    # The core fonts draw no tab: a PDF's words are apart by their positions.
    phrases = [f"Le {phrase.replace(chr(9), ' ')} du quartier." for phrase in GLUED]
    return pdf_bytes("Portrait économique", "Séance 3", [("Enjeux", phrases)] * 2)


def pdf_oracle(data):
    """What PDFium (pypdfium2, the library of the previews) reads of every page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    return words(" ".join(page.get_textpage().get_text_range() for page in document))


FILES = {
    "pdf": (pdf_file, pdf_oracle),
    "docx": (docx_file, docx_oracle),
    "pptx": (pptx_file, pptx_oracle),
    "xlsx": (xlsx_file, xlsx_oracle),
    "odt": (odt_file, odt_oracle),
    "ods": (ods_file, odf_oracle),
    "odp": (odp_file, odf_oracle),
}


def glued(value):
    """The phrase with its separator dropped, as the extraction used to read it."""
    return re.sub(r"\s+", "", value)
