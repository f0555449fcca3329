"""Real files for the demo library: PDFs, a DOCX and an ODT with French text.

Written by the demo command (never at run time elsewhere): fpdf2 and python-docx write
standard files; the ODT is assembled by hand (its format is a zip of XML parts), which
avoids depending on an unmaintained library for one demo file type.
"""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from docx import Document as DocxDocument
from fpdf import FPDF

FIXED_DATE = datetime.datetime(2014, 11, 27, 12, 0, tzinfo=datetime.UTC)
ZIP_DATE = (2014, 11, 27, 12, 0, 0)


def _pdf_text(text):
    # The PDF core fonts speak Windows-1252: French letters, « », ’ and œ included.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def pdf_bytes(title, subtitle, sections):
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    # A fixed date makes the same demo produce the same bytes (and the same file hash).
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(_pdf_text(title))
    pdf.set_author("ARADEL et CR•DSU".replace("•", "-"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 9, _pdf_text(title))
    pdf.ln(2)
    pdf.set_font("helvetica", "I", 11)
    pdf.multi_cell(0, 6, _pdf_text(subtitle))
    pdf.ln(4)
    for heading, paragraphs in sections:
        pdf.set_font("helvetica", "B", 13)
        pdf.multi_cell(0, 7, _pdf_text(heading))
        pdf.ln(1)
        pdf.set_font("helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, _pdf_text(paragraph))
            pdf.ln(2)
        pdf.ln(2)
    return bytes(pdf.output())


def docx_bytes(title, subtitle, sections):
    document = DocxDocument()
    document.core_properties.title = title
    document.core_properties.created = FIXED_DATE.replace(tzinfo=None)
    document.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle).italic = True
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"'
)


def odt_bytes(title, subtitle, sections):
    body = [f'<text:h text:outline-level="1">{escape(title)}</text:h>']
    body.append(f"<text:p>{escape(subtitle)}</text:p>")
    for heading, paragraphs in sections:
        body.append(f'<text:h text:outline-level="2">{escape(heading)}</text:h>')
        body += [f"<text:p>{escape(paragraph)}</text:p>" for paragraph in paragraphs]
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-content {ODT_NAMESPACES}><office:body><office:text>"
        + "".join(body)
        + "</office:text></office:body></office:document-content>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<office:document-meta {ODT_NAMESPACES}><office:meta>"
        f"<dc:title>{escape(title)}</dc:title>"
        "</office:meta></office:document-meta>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype entry comes first and uncompressed, as the format requires.
        archive.writestr(
            zipfile.ZipInfo("mimetype", ZIP_DATE),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, data in (
            ("META-INF/manifest.xml", ODT_MANIFEST),
            ("content.xml", content),
            ("meta.xml", meta),
        ):
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


WRITERS = {"pdf": pdf_bytes, "docx": docx_bytes, "odt": odt_bytes}


def file_bytes(extension, title, subtitle, sections):
    return WRITERS[extension](title, subtitle, sections)


def placeholder_logo(short_name, width=480, height=200):
    """A stand-in logo (PNG) for an organisation whose real logo the demo does not have: its
    short name, and « logo provisoire » written on it, so that nobody takes it for the real
    one. DejaVu Sans (Debian's fonts-dejavu-core) when present; otherwise Pillow's own font,
    which has no accents: the name is then written without them."""
    import unicodedata

    from PIL import Image, ImageDraw, ImageFont

    def font(size):
        try:
            return ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)
        except OSError:
            return ImageFont.load_default(size=size)

    name_font, mark_font = font(64), font(30)
    if not isinstance(name_font, ImageFont.FreeTypeFont) or "DejaVu" not in str(
        name_font.getname()
    ):
        short_name = unicodedata.normalize("NFKD", short_name).encode("ascii", "ignore").decode()
    image = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle((3, 3, width - 4, height - 4), outline="#1d4e5f", width=6)
    left, top, right, _bottom = draw.textbbox((0, 0), short_name, font=name_font)
    while right - left > width - 40 and name_font.size > 20:
        name_font = font(name_font.size - 4)
        left, top, right, _bottom = draw.textbbox((0, 0), short_name, font=name_font)
    draw.text(
        ((width - (right - left)) / 2 - left, 40 - top), short_name, font=name_font, fill="#123440"
    )
    mark = "logo provisoire"
    left, top, right, _bottom = draw.textbbox((0, 0), mark, font=mark_font)
    draw.rectangle((0, height - 64, width, height), fill="#7a3e00")
    draw.text(
        ((width - (right - left)) / 2 - left, height - 48 - top),
        mark,
        font=mark_font,
        fill="#ffffff",
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
