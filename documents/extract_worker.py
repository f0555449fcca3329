"""Extract the text, page count and first-page preview of one file, in a child process.

Run as `python -m documents.extract_worker FILE EXTENSION PREVIEW_PATH MEMORY_MB CPU_SECONDS`;
prints one JSON object. It imports neither Django nor the project, caps its own memory and CPU
time before reading the file, and the parent (documents.extraction) also stops it after a
wall-clock timeout: whatever a damaged or hostile file does, only this process pays.
"""

import contextlib
import io
import json
import re
import resource
import sys
import zipfile

from defusedxml import ElementTree

MAX_TEXT_CHARS = 1_000_000
MAX_PDF_PAGES_READ = 1_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
PREVIEW_WIDTH = 480


class UnreadableFile(Exception):
    """The file cannot be read: damaged, protected, or not what its extension says."""


def _bounded(parts):
    text, size = [], 0
    for part in parts:
        if not part:
            continue
        text.append(part)
        size += len(part)
        if size >= MAX_TEXT_CHARS:
            break
    return "\n".join(text)[:MAX_TEXT_CHARS]


def _normalise(text):
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


# PDF


def extract_pdf(path, preview_path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("fichier protégé par un mot de passe")
        pages = len(reader.pages)
        text = _bounded(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES_READ])
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise UnreadableFile(f"PDF illisible ({type(error).__name__})") from error
    if preview_path:
        _pdf_preview(path, preview_path)
    return text, pages


def _pdf_preview(path, preview_path):
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
        page = pdf[0]
        width = page.get_width() or 1
        image = page.render(scale=PREVIEW_WIDTH / width).to_pil()
        image.convert("RGB").save(preview_path, "WEBP", quality=75)
        pdf.close()
    except Exception:
        pass


# Zipped XML formats (OOXML and OpenDocument)
#
# A word boundary in these files is often an element, not a character: a tab (<w:tab/>,
# <text:tab/>), a line break (<w:br/>, <a:br/>, <text:line-break/>), a run of spaces
# (<text:s text:c="3"/>), a cell, a paragraph. Each becomes a space or a new line, or words on
# either side are glued together (« développement⇥économique » read as one word). And a reader
# sees more than the body: headers, footers, footnotes, endnotes, slide notes, every sheet.


def _zip_members(archive, names):
    total = 0
    for name in names:
        info = archive.getinfo(name)
        total += info.file_size
        if total > MAX_UNZIPPED_BYTES:
            raise UnreadableFile("archive trop volumineuse une fois décompressée")
        yield archive.read(name)


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ooxml_text(data, separators, skip=frozenset()):
    """Text of an OOXML part (WordprocessingML, DrawingML), where text lives only in <t>
    elements: `separators` maps the local names that end a word or a line to what they stand
    for; what lies under a `skip` element is not read (text a reader does not see)."""
    parts, skipping = [], 0
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        local = _local(element.tag)
        if local in skip:
            skipping += 1 if event == "start" else -1
            continue
        if event == "start" or skipping:
            continue
        if local == "t":
            parts.append(element.text or "")
        elif local in separators:
            parts.append(separators[local])
        element.clear()
    return "".join(parts)


# WordprocessingML: <w:t> text, <w:delText> (deleted in tracked changes) is not read; the
# fallback of alternate content repeats its text box.
WORD_SEPARATORS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "p": "\n", "tc": "\t"}
WORD_SKIP = frozenset({"Fallback"})
# DrawingML (slides and notes): a tab is a character inside <a:t>; <a:tab> is a tab stop.
SLIDE_SEPARATORS = {"br": "\n", "p": "\n", "tc": "\t"}


def _numbered(names, pattern):
    """The names matching pattern, in the order of their number (slide2 before slide10)."""
    found = [n for n in names if re.fullmatch(pattern, n)]
    return sorted(found, key=lambda n: int(re.findall(r"\d+", n)[-1]))


def _docx(archive, names):
    parts = (
        _numbered(names, r"word/header\d+\.xml")
        + [
            n
            for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
            if n in names
        ]
        + _numbered(names, r"word/footer\d+\.xml")
    )
    if "word/document.xml" not in names:
        raise UnreadableFile("document Word sans contenu lisible")
    pages = None
    if "docProps/app.xml" in names:
        match = re.search(rb"<Pages>(\d+)</Pages>", archive.read("docProps/app.xml"))
        pages = int(match.group(1)) if match else None
    texts = (_ooxml_text(data, WORD_SEPARATORS, WORD_SKIP) for data in _zip_members(archive, parts))
    return _bounded(texts), pages


def _pptx(archive, names):
    slides = _numbered(names, r"ppt/slides/slide\d+\.xml")
    notes = _numbered(names, r"ppt/notesSlides/notesSlide\d+\.xml")
    texts = (_ooxml_text(data, SLIDE_SEPARATORS) for data in _zip_members(archive, slides + notes))
    return _bounded(texts), len(slides)


def _shared_strings(archive, names):
    """xlsx's shared strings, in order: a string's rich-text runs make one string."""
    if "xl/sharedStrings.xml" not in names:
        return []
    (data,) = _zip_members(archive, ["xl/sharedStrings.xml"])
    strings, current = [], []
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        local = _local(element.tag)
        if event == "start":
            if local == "si":
                current = []
            continue
        if local == "t":
            current.append(element.text or "")
        elif local == "si":
            strings.append("".join(current))
            element.clear()
    return strings


def _sheet_text(data, strings):
    """The cells of one sheet, a tab between cells and a line a row: strings (shared or
    inline), numbers and the values of formulas, as a reader sees them."""
    parts = []
    for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
        local = _local(element.tag)
        if local == "c":
            kind = element.get("t", "n")
            value = next((c for c in element if _local(c.tag) == "v"), None)
            value = value.text if value is not None else None
            if kind == "s" and value is not None:
                with contextlib.suppress(ValueError, IndexError):
                    parts.append(strings[int(value)])
            elif kind == "inlineStr":
                parts.append("".join(t.text or "" for t in element.iter() if _local(t.tag) == "t"))
            elif kind != "b" and value is not None:
                parts.append(value)
            parts.append("\t")
            element.clear()
        elif local == "row":
            parts.append("\n")
            element.clear()
    return "".join(parts)


def _xlsx(archive, names):
    sheets = _numbered(names, r"xl/worksheets/sheet\d+\.xml")
    strings = _shared_strings(archive, names)
    texts = (_sheet_text(data, strings) for data in _zip_members(archive, sheets))
    return _bounded(texts), len(sheets)


def extract_ooxml(path, kind):
    with _read_zip(path) as archive:
        names = archive.namelist()
        reader = {"docx": _docx, "pptx": _pptx, "xlsx": _xlsx}[kind]
        try:
            return reader(archive, names)
        except ElementTree.ParseError as error:
            raise UnreadableFile("contenu XML endommagé") from error


# OpenDocument: text is mixed content (a paragraph's text, its spans' text and their tails).
ODF_BLOCKS = frozenset({"p", "h"})
ODF_SEPARATORS = {"tab": "\t", "line-break": "\n", "soft-page-break": ""}
# Read apart, after the paragraph that cites them: footnotes and endnotes.
ODF_NOTES = "note"
# Not seen by a reader: tracked deletions, and the citation mark of a note is kept as is.
ODF_SKIP = frozenset({"tracked-changes"})


def _odf_inline(element, notes):
    """The text of one paragraph-like element, its notes' bodies set aside in `notes`."""
    local = _local(element.tag)
    if local in ODF_SKIP:
        return element.tail or ""
    if local == ODF_NOTES:
        body = next((c for c in element if _local(c.tag) == "note-body"), None)
        if body is not None:
            notes.append(_odf_block_text(body))
        citation = next((c for c in element if _local(c.tag) == "note-citation"), None)
        mark = "".join(citation.itertext()) if citation is not None else ""
        return mark + (element.tail or "")
    if local == "s":
        count = element.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1")
        spaces = " " * min(int(count) if count.isdigit() else 1, 100)
        return spaces + (element.tail or "")
    if local in ODF_SEPARATORS:
        return ODF_SEPARATORS[local] + (element.tail or "")
    inner = [element.text or ""]
    for child in element:
        if _local(child.tag) in ODF_BLOCKS:  # a paragraph inside a frame or a cell
            inner.append("\n" + _odf_block_text(child) + "\n" + (child.tail or ""))
        else:
            inner.append(_odf_inline(child, notes))
    if local in ODF_BLOCKS or local == "table-cell":
        return "".join(inner)
    return "".join(inner) + (element.tail or "")


def _odf_block_text(element):
    notes = []
    text = _odf_inline(element, notes)
    return "\n".join([text, *notes])


def _odf_text(data, within=None):
    """Every paragraph and heading of an OpenDocument part, each on its own line, cells of a
    table separated by tabs. With `within`, only what lies under elements of those local
    names (a styles.xml's headers and footers)."""
    parts, depth, inside, skipping = [], 0, 0, 0
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        local = _local(element.tag)
        if local in ODF_SKIP:
            skipping += 1 if event == "start" else -1
            continue
        if within is not None and local in within:
            inside += 1 if event == "start" else -1
            continue
        if skipping or (within is not None and not inside):
            continue
        if local in ODF_BLOCKS:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 0:  # the outermost: it holds its nested frames and notes
                parts.append(_odf_block_text(element) + "\n")
                element.clear()
        elif event == "end" and depth == 0 and local == "table-cell":
            parts.append("\t")
    return "".join(parts)


ODF_HEADERS_FOOTERS = frozenset(
    {"header", "footer", "header-left", "footer-left", "header-first", "footer-first"}
)


def extract_opendocument(path, kind):
    with _read_zip(path) as archive:
        names = archive.namelist()
        if "content.xml" not in names:
            raise UnreadableFile("document OpenDocument sans contenu lisible")
        try:
            (content,) = _zip_members(archive, ["content.xml"])
            texts = [_odf_text(content)]
            if kind == "odt" and "styles.xml" in names:
                (styles,) = _zip_members(archive, ["styles.xml"])
                texts.insert(0, _odf_text(styles, within=ODF_HEADERS_FOOTERS))
            text = _bounded(texts)
            pages = None
            if kind == "odt" and "meta.xml" in names:
                match = re.search(rb'meta:page-count="(\d+)"', archive.read("meta.xml"))
                pages = int(match.group(1)) if match else None
            elif kind == "odp":
                pages = _count(content, "page")
            elif kind == "ods":
                pages = _count(content, "table")
        except (ElementTree.ParseError, ValueError) as error:
            raise UnreadableFile("contenu XML endommagé") from error
    return text, pages


def _count(data, tag):
    return sum(
        1
        for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("end",))
        if _local(element.tag) == tag
    )


def _read_zip(path):
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile("fichier endommagé ou d’un autre format que son extension") from error


def extract_plain(path):
    with open(path, "rb") as handle:
        data = handle.read(MAX_TEXT_CHARS * 4)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)[:MAX_TEXT_CHARS], None
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("encodage du texte non reconnu")


def extract(path, extension, preview_path=None):
    extension = extension.lower()
    if extension == "pdf":
        text, pages = extract_pdf(path, preview_path)
    elif extension in {"docx", "pptx", "xlsx"}:
        text, pages = extract_ooxml(path, extension)
    elif extension in {"odt", "ods", "odp"}:
        text, pages = extract_opendocument(path, extension)
    elif extension in {"txt", "csv"}:
        text, pages = extract_plain(path)
    else:
        raise UnreadableFile(f"format « {extension} » non pris en charge pour l’indexation")
    return {"text": _normalise(text), "pages": pages}


def limit_resources(memory_mb, cpu_seconds):
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main(argv):
    path, extension = argv[1], argv[2]
    preview_path = argv[3] if len(argv) > 3 and argv[3] else None
    if len(argv) > 5:
        limit_resources(int(argv[4]), int(argv[5]))
    try:
        result = extract(path, extension, preview_path)
    except UnreadableFile as error:
        result = {"error": str(error)}
    except MemoryError:
        result = {"error": "fichier trop lourd à analyser"}
    except Exception as error:
        result = {"error": f"fichier illisible ({type(error).__name__})"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
