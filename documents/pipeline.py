"""The document pipeline: what the site does with a document and its file, in order, in one
place.

    ingest(document)
      1. choose_collection      a new document with no collection chosen goes to the
                                participants' one (fail closed)
      2. fill_metadata          size and hash when not known yet, format, original file name
      3. read_file              text and page count, in the bounded child process
                                (documents.extraction: its time and memory limits), for a
                                file the site has not read yet or when asked to read again;
                                put off to the background for a participant's deposit
                                (defer_reading, documents.deposits)
      4. keep_preview           the first page of a PDF, in place of the previous preview
      5. write_row              the row; when a new document's row cannot be written, the
                                files this save stored (file, preview) are deleted
      6. refresh_search_vector  title, then description and metadata, then the file's text

A step with nothing to do does nothing: ingesting a document again costs one write and its
search vector.

Who calls it:
- the admin's document form, documents.forms.ResourceForm.save: single upload, edit (a
  replaced file too), the multiple uploader's metadata forms, the chooser's upload;
- reindex_documents (read_again=True), the demo loader (load_demo) and the test factories
  (documents.factories);
- Resource.save, for a document none of the steps has seen (needs_ingest). Wagtail's
  multiple uploader writes a new document itself: form.save(commit=False), then doc.save()
  (wagtail.documents.views.multiple.AddView.save_object), with no hook in between; so does
  code that saves a new document, or a replaced file whose size it cleared (file_size =
  None). Written as a plain row, such a document would sit in the root collection, which
  anyone may see, with its file never read.

Not here, on purpose:
- checking a file's content and writing it to storage: the form does both before the
  pipeline (documents.forms), so that a bad file or a full disk is a message on the form and
  nothing is kept;
- the words the search vector borrows from other apps (session, territories, themes,
  organisation) change with those apps' events: documents.signals refreshes the vectors
  then, and deletes a deleted document's preview;
- generate_documents writes thousands of synthetic rows in bulk, whose text is made up and
  whose shared file is not theirs to read: it builds their vectors in one UPDATE.
"""

import os

from django.core.files.base import ContentFile

from documents.collections import default_private_collection
from documents.extraction import extract_file


def ingest(document, *save_args, read_again=False, **save_kwargs):
    """Run every step on this document, row included, and return it.

    read_again: read the file even if the site has read these bytes before (the reindex).
    save_args, save_kwargs: for the row's save() (update_fields…).
    """
    choose_collection(document)
    fill_metadata(document)
    if needs_reading(document, again=read_again):
        reading = read_file(document)
        keep_preview(document, reading)
    write_row(document, *save_args, **save_kwargs)
    refresh_search_vector(document)
    return document


def needs_ingest(document):
    """Whether a step before the row has work left: a new document with no collection chosen,
    or a file whose size, hash or text the site has not read. Each step leaves its own
    condition false, so a document ingest has prepared is written as a plain row."""
    if document._state.adding and not has_chosen_collection(document):
        return True
    return needs_metadata(document) or needs_reading(document)


def has_chosen_collection(document):
    return document.collection_id is not None and not document.collection.is_root()


def choose_collection(document):
    """No collection chosen for a new document: fail closed, into the participants' one."""
    if document._state.adding and not has_chosen_collection(document):
        document.collection = default_private_collection()


def needs_metadata(document):
    return bool(document.file) and (document.file_size is None or not document.file_hash)


def fill_metadata(document):
    """What the site tells of a file without reading it: size and hash (the admin's forms
    fill them when they take a file; documents made in code get them here), format, and the
    name the file had (the form sets it from the upload; otherwise the stored name)."""
    if not document.file:
        return
    if needs_metadata(document):
        document._set_document_file_metadata()
    document.file_format = (document.file_extension or "").lower()[:10]
    if not document.original_filename:
        document.original_filename = os.path.basename(document.file.name)


def needs_reading(document, *, again=False):
    """A file whose bytes (by their hash) the site has not read yet, or any file if asked;
    not a file whose reading was put off (`defer_reading`)."""
    if getattr(document, DEFERRED, False) and not again:
        return False
    return bool(document.file) and (again or document.extracted_hash != document.file_hash)


DEFERRED = "_reading_deferred"


def defer_reading(document):
    """On a document in hand: its file is read later, in the background (a participant's
    deposit answers as soon as its file is stored and checked: documents.deposits). Its text
    stays « en attente d’analyse » until then; saves of this instance skip the reading."""
    setattr(document, DEFERRED, True)
    return document


def read_file(document):
    """Text and page count, from the bounded child process; a bad file never fails: the
    document is kept and marked « texte non indexé », with the reason. Returns the reading,
    preview included."""
    with document.open_file() as handle:
        reading = extract_file(handle, document.file_extension, content_hash=document.file_hash)
    document.extracted_hash = document.file_hash
    document.page_count = reading.page_count
    if reading.ok and reading.text:
        document.text_status = document.TextStatus.INDEXED
        document.extracted_text = reading.text
        document.text_status_detail = ""
    else:
        document.text_status = document.TextStatus.NOT_INDEXED
        document.extracted_text = ""
        document.text_status_detail = reading.detail or "aucun texte trouvé dans le fichier"
    return reading


def keep_preview(document, reading):
    """The preview of the file just read (PDFs have one) replaces the previous file's."""
    if document.preview:
        document.preview.delete(save=False)
    if reading.preview:
        name = f"{document.file_hash}.webp"
        document.preview.save(name, ContentFile(reading.preview), save=False)


def write_row(document, *save_args, **save_kwargs):
    """The row. A new document whose row cannot be written takes away the files this save
    stored (its file, its preview): no file without its row."""
    adding = document._state.adding
    try:
        document.save(*save_args, **save_kwargs)
    except Exception:
        if adding:
            for field in (document.file, document.preview):
                if field and field.name:
                    field.storage.delete(field.name)
        raise


def refresh_search_vector(document):
    """Once the row exists: the vector is written by an UPDATE of it (Resource)."""
    document.refresh_search_vector()
