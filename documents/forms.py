"""The document form of the admin (single and multiple upload, edit)."""

import logging
import os

from wagtail.documents.forms import BaseDocumentForm

from documents.collections import default_private_collection
from documents.validation import check_file_content

logger = logging.getLogger(__name__)

STORAGE_FAILURE = (
    "Le document n’a pas pu être enregistré : l’espace de stockage est plein ou protégé en "
    "écriture. Rien n’a été conservé ; prévenez l’administrateur du site, puis réessayez."
)


class ResourceForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        # Before the parent decides whether to offer a choice of collections.
        private = default_private_collection()
        super().__init__(*args, **kwargs)
        key = self.add_prefix("collection")
        if self.is_bound and "collection" in self.fields and not self.data.get(key):
            # The multiple uploader posts no collection when it offers no choice: fail closed.
            self.data = self.data.copy()
            self.data[key] = private.pk
        if "kind" in self.fields:
            # The multiple uploader posts only title, collection and file: the type is filled
            # in the form that follows, and defaults until then.
            self.fields["kind"].required = False
        if "collection" in self.fields and not self.is_bound and self.instance.pk is None:
            # A forgotten choice must fail closed: new uploads start in the restricted
            # collection; the editor picks a public one on purpose.
            self.fields["collection"].initial = private.pk
        if "collection" in self.fields:
            self.fields["collection"].help_text = (
                "Par défaut, un nouveau document est réservé aux participants. Choisissez une "
                "collection publique pour le rendre visible de tous."
            )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or "document_travail"

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            extension = os.path.splitext(uploaded.name)[1].lstrip(".")
            check_file_content(uploaded, extension)
            # Downloads carry the name the editor's file had, not the storage's variant of it.
            self.instance.original_filename = os.path.basename(uploaded.name)[:255]
        return uploaded

    def _post_clean(self):
        """Write the file while the form can still say no: a full or read-only storage
        becomes a message on the form, and no document row is created without its file."""
        super()._post_clean()
        uploaded = self.cleaned_data.get("file")
        if self.errors or not uploaded or "file" not in self.changed_data:
            return
        field = self.instance.file
        try:
            name = field.field.generate_filename(self.instance, uploaded.name)
            stored = field.storage.save(name, uploaded, max_length=field.field.max_length)
        except OSError:
            logger.exception("Stockage des documents : écriture impossible")
            self.add_error("file", STORAGE_FAILURE)
            return
        # The model now points at the stored file; its save writes the row (documents.models
        # removes the file again if that fails).
        self.instance.file = stored
