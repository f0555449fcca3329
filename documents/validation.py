"""Check that an uploaded file is what its extension says, before anything is stored."""

import zipfile

from django.core.exceptions import ValidationError

OPENDOCUMENT_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": "OpenDocument texte",
    "ods": "OpenDocument tableur",
    "odp": "OpenDocument présentation",
    "csv": "CSV",
    "txt": "texte",
}


def _mismatch(extension):
    name = FORMAT_NAMES.get(extension, extension.upper())
    return ValidationError(
        f"Le contenu de ce fichier ne correspond pas à son extension « .{extension} » : "
        f"ce n’est pas un fichier {name} valide. Aucun fichier n’a été enregistré.",
        code="content_mismatch",
    )


def check_file_content(uploaded, extension):
    """Raise ValidationError when the file is empty or its bytes contradict its extension."""
    extension = (extension or "").lower()
    if uploaded.size == 0:
        raise ValidationError(
            "Le fichier est vide : aucun document n’a été enregistré.", code="empty"
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    try:
        if extension == "pdf":
            if b"%PDF-" not in head[:1024]:
                raise _mismatch(extension)
        elif extension in OOXML_PARTS:
            if not head.startswith(b"PK"):
                raise _mismatch(extension)
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
            if "[Content_Types].xml" not in names or OOXML_PARTS[extension] not in names:
                raise _mismatch(extension)
        elif extension in OPENDOCUMENT_MIMETYPES:
            if not head.startswith(b"PK"):
                raise _mismatch(extension)
            with zipfile.ZipFile(uploaded) as archive:
                if "mimetype" not in archive.namelist():
                    raise _mismatch(extension)
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
            if mimetype != OPENDOCUMENT_MIMETYPES[extension]:
                raise _mismatch(extension)
        elif extension in {"csv", "txt"} and b"\x00" in head:
            raise _mismatch(extension)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as error:
        raise _mismatch(extension) from error
    finally:
        uploaded.seek(0)
