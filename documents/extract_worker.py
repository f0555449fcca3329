"""Extract the text, page count and first-page preview of one file, in a child process.

Run as `python -m documents.extract_worker FILE EXTENSION PREVIEW_PATH MEMORY_MB CPU_SECONDS`;
prints one JSON object. It imports neither Django nor the project, caps its own memory and CPU
time before reading the file, and the parent (documents.extraction) also stops it after a
wall-clock timeout: whatever a damaged or hostile file does, only this process pays.
"""

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


def _zip_members(archive, names):
    total = 0
    for name in names:
        info = archive.getinfo(name)
        total += info.file_size
        if total > MAX_UNZIPPED_BYTES:
            raise UnreadableFile("archive trop volumineuse une fois décompressée")
        yield archive.read(name)


def _xml_text(data, text_tags, break_tags):
    """Text of the elements whose local name is in text_tags; a new line after break_tags."""
    parts = []
    for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
        local = element.tag.rsplit("}", 1)[-1]
        if local in text_tags and element.text:
            parts.append(element.text)
        if local in break_tags:
            parts.append("\n")
        if local in break_tags or local in text_tags:
            element.clear()
    return "".join(parts)


def _opendocument_text(data):
    """Every text node of an OpenDocument content.xml, paragraphs on their own lines."""
    parts = []
    for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
        local = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            continue
        if local in {"p", "h"}:
            parts.append("".join(element.itertext()))
            parts.append("\n")
            element.clear()
    return "".join(parts)


def _count(data, tag):
    return sum(
        1
        for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("end",))
        if element.tag.rsplit("}", 1)[-1] == tag
    )


def _read_zip(path):
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile("fichier endommagé ou d’un autre format que son extension") from error


def extract_ooxml(path, kind):
    with _read_zip(path) as archive:
        names = archive.namelist()
        pages = None
        if kind == "docx":
            wanted = [n for n in names if n == "word/document.xml"]
            text_tags, break_tags = {"t"}, {"p"}
            if "docProps/app.xml" in names:
                match = re.search(rb"<Pages>(\d+)</Pages>", archive.read("docProps/app.xml"))
                pages = int(match.group(1)) if match else None
        elif kind == "pptx":
            wanted = sorted(
                (n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[-1]).group(1)),
            )
            text_tags, break_tags = {"t"}, {"p"}
            pages = len(wanted)
        else:  # xlsx: shared strings, and the sheets' inline strings
            sheets = [n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
            wanted = [n for n in names if n == "xl/sharedStrings.xml"] + sorted(sheets)
            text_tags, break_tags = {"t"}, {"si", "is"}
            pages = len(sheets)
        if not wanted and kind == "docx":
            raise UnreadableFile("document Word sans contenu lisible")
        try:
            text = _bounded(
                _xml_text(data, text_tags, break_tags) for data in _zip_members(archive, wanted)
            )
        except ElementTree.ParseError as error:
            raise UnreadableFile("contenu XML endommagé") from error
    return text, pages


def extract_opendocument(path, kind):
    with _read_zip(path) as archive:
        names = archive.namelist()
        if "content.xml" not in names:
            raise UnreadableFile("document OpenDocument sans contenu lisible")
        try:
            (content,) = _zip_members(archive, ["content.xml"])
            text = _bounded([_opendocument_text(content)])
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
