"""Bounded text extraction: the child process gets a time and memory budget.

A 300-page PDF, a damaged file or a zip bomb can only cost the child its budget; the
document is then kept and marked « texte non indexé » with the reason.
"""

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class ExtractionResult:
    ok: bool
    text: str = ""
    page_count: int | None = None
    preview: bytes | None = None
    detail: str = ""


# Results by file content: the same bytes uploaded again (a document re-uploaded, the demo
# rebuilt) are not analysed twice by this process.
_recent = OrderedDict()
_recent_lock = threading.Lock()
RECENT_RESULTS = 128


def extract_file(fileobj, extension, *, content_hash=None, want_preview=True):
    """Extract text, page count and (for PDFs) a first-page preview from an open file."""
    key = (content_hash, extension, want_preview)
    if content_hash:
        with _recent_lock:
            if key in _recent:
                _recent.move_to_end(key)
                return _recent[key]
    result = _extract_file(fileobj, extension, want_preview)
    if content_hash:
        with _recent_lock:
            _recent[key] = result
            while len(_recent) > RECENT_RESULTS:
                _recent.popitem(last=False)
    return result


def _extract_file(fileobj, extension, want_preview):
    with tempfile.TemporaryDirectory(prefix="deu-extract-") as folder:
        source = Path(folder) / f"source.{extension or 'bin'}"
        with open(source, "wb") as copy:
            shutil.copyfileobj(fileobj, copy, length=1024 * 1024)
        preview = Path(folder) / "preview.webp"
        command = [
            sys.executable,
            "-m",
            "documents.extract_worker",
            str(source),
            extension,
            str(preview) if want_preview else "",
            str(settings.DOCUMENT_EXTRACTION_MEMORY_MB),
            str(math.ceil(settings.DOCUMENT_EXTRACTION_TIMEOUT)),  # CPU seconds: whole
        ]
        try:
            completed = subprocess.run(
                command,
                cwd=BASE_DIR,
                capture_output=True,
                timeout=settings.DOCUMENT_EXTRACTION_TIMEOUT,
                env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(BASE_DIR)},
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ExtractionResult(ok=False, detail="analyse trop longue, interrompue")
        try:
            data = json.loads(completed.stdout.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return ExtractionResult(ok=False, detail="fichier trop lourd à analyser")
        if "error" in data:
            return ExtractionResult(ok=False, detail=data["error"])
        return ExtractionResult(
            ok=True,
            text=data.get("text", ""),
            page_count=data.get("pages"),
            preview=preview.read_bytes() if preview.exists() else None,
        )
