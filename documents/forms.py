"""The document form of the admin (single and multiple upload, edit, the chooser's upload): it
checks the file and stores it, then hands the document to the pipeline (documents.pipeline).
The participants' deposit form (documents.deposits) checks and stores its file the same way
(CheckedFileMixin)."""

import logging
import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.search import index as search_index

from access.visibility import group_restricted_collections
from documents.collections import default_private_collection
from documents.models import Resource
from documents.pipeline import ingest
from documents.release import can_release, mark_released, mark_waiting
from documents.validation import check_file_content
from editorial.models import Theme
from territoires.models import TerritoryPage

logger = logging.getLogger(__name__)

COLLECTION_NOT_ALLOWED = (
    "Vous ne pouvez pas ranger un document dans cette collection : elle est publique (ou c’est "
    "la racine). Choisissez une collection réservée, comme « Réservé aux participants » ; "
    "seul un responsable de publication rend un document public."
)
EDITOR_COLLECTION_HELP = (
    "Un document que vous ajoutez ou modifiez n’est visible que de l’équipe tant qu’un "
    "responsable de publication ne l’a pas validé (tableau de bord, « Documents à valider »). "
    "Les collections publiques et la racine sont réservées aux responsables de publication."
)
PUBLISHER_COLLECTION_HELP = (
    "Par défaut, un nouveau document est réservé aux participants. Choisissez une collection "
    "publique pour le rendre visible de tous. Un document que vous ajoutez est validé "
    "aussitôt ; vos modifications ne changent pas l’état d’un document : un document en "
    "attente se valide depuis le tableau de bord, « Documents à valider »."
)
RELEASED_WARNING = (
    "Ce document est validé et visible hors de l’équipe. Si vous le modifiez (fichier, titre, "
    "description ou tout autre champ), il repasse en attente de validation : il disparaît du "
    "site (public et participants) jusqu’à ce qu’un responsable de publication le valide à "
    "nouveau."
)
RELEASED_NOTE = "Ce document est validé et visible hors de l’équipe, selon sa collection."
EDITOR_UPLOAD_NOTE = (
    "Votre document ne sera visible que de l’équipe jusqu’à ce qu’un responsable de "
    "publication le valide."
)
PUBLISHER_UPLOAD_NOTE = "Vous êtes responsable de publication : ce document sera validé aussitôt."
WAITING_NOTE = (
    "Ce document attend la validation d’un responsable de publication : seule l’équipe le voit."
)

STORAGE_FAILURE = (
    "Le document n’a pas pu être enregistré : l’espace de stockage est plein ou protégé en "
    "écriture. Rien n’a été conservé ; prévenez l’administrateur du site, puis réessayez."
)


class LinkCheckboxes(forms.CheckboxSelectMultiple):
    """Territories and themes as checkboxes, all in sight (a multiple select box hid
    Vénissieux below its fold and needed Ctrl-click), two columns where there is room."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.attrs.setdefault("class", "document-links")

    class Media:
        css = {"all": ["documents/admin.css"]}


class CheckedFileMixin:
    """What every form that takes a document's file does with it, the staff's (ResourceForm)
    and the participants' (DepositForm): its content must match its extension (the size and
    the extension are checked by Wagtail's file field and the model), and it is written to
    storage while the form can still say no."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            extension = os.path.splitext(uploaded.name)[1].lstrip(".")
            check_file_content(uploaded, extension)
            # Downloads carry the name the author's file had, not the storage's variant of it.
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
        # The model now points at the stored file; the pipeline writes the row (and removes
        # the file again if that fails).
        self.instance.file = stored


class ResourceForm(CheckedFileMixin, BaseDocumentForm):
    class Meta(BaseDocumentForm.Meta):
        # Wagtail copies these widgets into the single, multiple-upload and chooser forms
        # (wagtail.documents.forms.get_document_form, get_document_multi_form).
        widgets = {
            **BaseDocumentForm.Meta.widgets,
            "territories": LinkCheckboxes,
            "themes": LinkCheckboxes,
        }

    def __init__(self, *args, **kwargs):
        # Before the parent decides whether to offer a choice of collections.
        private = default_private_collection()
        self.user = kwargs.get("user")
        self.may_release = can_release(self.user)
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
        for name in ("territories", "themes"):
            if name in self.fields:  # in alphabetical order, whatever the page tree's
                field = self.fields[name]
                field.queryset = field.queryset.order_by(
                    "title" if name == "territories" else "name"
                )
        if "collection" in self.fields:
            self._offer_collections()
        self._explain_review()

    def _offer_collections(self):
        """Publishers choose any collection; the others (editors) only those restricted to
        groups, and the one the document is in already: a public collection or Root posted
        anyway (a forged form) is refused with COLLECTION_NOT_ALLOWED."""
        field = self.fields["collection"]
        if self.may_release:
            field.help_text = PUBLISHER_COLLECTION_HELP
            return
        allowed = field.queryset.filter(pk__in=group_restricted_collections().values("pk"))
        if self.instance.pk:
            allowed = allowed | field.queryset.filter(pk=self.instance.collection_id)
        field.queryset = allowed
        field.error_messages["invalid_choice"] = COLLECTION_NOT_ALLOWED
        field.help_text = EDITOR_COLLECTION_HELP

    def _explain_review(self):
        """What saving does to the document's review, above the form's first field."""
        if "title" not in self.fields:
            return
        if self.instance.pk is None:
            note = PUBLISHER_UPLOAD_NOTE if self.may_release else EDITOR_UPLOAD_NOTE
        elif self.instance.released_at:
            note = RELEASED_NOTE if self.may_release else RELEASED_WARNING
        else:
            note = WAITING_NOTE
        self.fields["title"].help_text = note
        # Wagtail's form read self["title"] already: its bound field holds the old help text.
        self._bound_fields_cache.pop("title", None)

    def clean(self):
        cleaned_data = super().clean()
        # With a single collection open to them (the participants' one), Wagtail takes the
        # field away and files the document there: a collection posted anyway is forged.
        posted = self.data.get(self.add_prefix("collection")) if self.is_bound else None
        if (
            posted
            and "collection" not in self.fields
            and not self.may_release
            and str(posted) not in {str(pk) for pk in self.collections.values_list("pk", flat=True)}
        ):
            raise forms.ValidationError(COLLECTION_NOT_ALLOWED)
        return cleaned_data

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or "document_travail"

    def _review(self, document):
        """A publisher's upload is released at once; a publisher's edit keeps the state. Anyone
        else's upload waits, and their change of a released document puts it back to waiting
        (documents.release)."""
        if self.may_release:
            if document.pk is None:
                mark_released(document, self.user)
        elif document.pk is None or self.has_changed():
            mark_waiting(document)

    def save(self, commit=True):
        """Wagtail's save, with the document stored by the pipeline.

        Wagtail's own (BaseDocumentForm.save, Wagtail 8.0) reads a new file's size and hash,
        deletes the file it replaces, saves the instance and then its links, and updates
        Wagtail's search index. The first step is still Wagtail's; the instance goes through
        documents.pipeline.ingest; the others are done here, in Wagtail's order.
        """
        document = super().save(commit=False)  # Wagtail: a new file's size and hash
        self._review(document)
        if not commit:
            # Wagtail's multiple uploader writes this new document itself (doc.save()), which
            # sends it through the pipeline: see documents.pipeline.
            return document
        if "file" in self.changed_data and self.original_file:
            # The replaced file goes, as in Wagtail's save (the new one is stored: _post_clean).
            self.original_file.storage.delete(self.original_file.name)
            self.original_file = None
        ingest(document)
        self._save_m2m()
        # Wagtail's index, once the tags are saved too.
        search_index.insert_or_update_object(document)
        return document


# The participants' deposits (documents.deposits): a form of the public site, in their area.

DEPOSIT_KINDS = [
    Resource.Kind.WORKING_DOCUMENT,
    Resource.Kind.ACTION_SHEET,
    Resource.Kind.REPORT,
    Resource.Kind.SYNTHESIS,
    Resource.Kind.REFERENCE,
]
NOT_YOUR_TERRITORY = (
    "Vous ne pouvez déposer un document que pour un territoire dont vous faites partie de "
    "l’équipe. Rien n’a été enregistré."
)


class DepositMetadataForm(forms.ModelForm):
    """What a participant says of their document: title, description, type, territory (one
    of theirs: documents.deposits.territories_of), session, themes."""

    territory = forms.ModelChoiceField(
        label="Territoire",
        queryset=TerritoryPage.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": NOT_YOUR_TERRITORY},
        help_text="Le document appartient à ce territoire, même si votre compte est supprimé.",
    )

    class Meta:
        model = Resource
        fields = ["title", "description", "kind", "session", "themes"]
        labels = {
            "title": "Titre",
            "description": "Description",
            "kind": "Type de document",
            "session": "Séance",
            "themes": "Thèmes",
        }
        help_texts = {
            "title": "Le titre sous lequel les participants le trouveront.",
            "description": "En quelques lignes : de quoi parle-t-il, pour qui, de quand ?",
            "session": "La séance à laquelle il se rattache, s’il y en a une.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territories, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in DEPOSIT_KINDS]
        self.fields["session"].queryset = sessions
        self.fields["session"].empty_label = "Aucune séance"
        self.fields["themes"].queryset = Theme.objects.filter(live=True).order_by("name")
        self.fields["themes"].required = False
        self.fields["title"].max_length = 255
        self.order_fields(["file", "title", "description", "kind", "territory", "session"])


class DepositForm(CheckedFileMixin, DepositMetadataForm):
    """A new deposit: its file goes through the staff's checks (size and extension by
    Wagtail's field and the model, content by CheckedFileMixin) and the quotas, before
    anything is stored."""

    # Wagtail's field: the staff's size limit and messages (it sets its own help text).
    file = WagtailDocumentField(label="Fichier")

    class Meta(DepositMetadataForm.Meta):
        fields = ["file", *DepositMetadataForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["file"].help_text = (
            "PDF, Word, Excel, PowerPoint, OpenDocument, CSV ou texte"
            f" ; {filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)} au plus."
        )
        self.fields["kind"].initial = Resource.Kind.WORKING_DOCUMENT

    def clean(self):
        from documents.deposits import quota_problem

        cleaned_data = super().clean()
        uploaded = cleaned_data.get("file")
        territory = cleaned_data.get("territory")
        if uploaded is None or "file" in self.errors:
            return cleaned_data
        # Said here, before the file is stored; checked again, under lock, as it is stored
        # (documents.deposits.deposit).
        problem = quota_problem(self.user, territory, uploaded.size)
        if problem:
            self.add_error("file", problem)
        return cleaned_data


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="L’auteur le lit dans son espace et le reçoit par courriel : dites-lui ce "
        "qu’il peut corriger.",
        error_messages={"required": "Le motif du refus est obligatoire : l’auteur le lira."},
    )


class QuotaForm(forms.Form):
    megabytes = forms.IntegerField(
        label="Quota (Mo)",
        min_value=1,
        max_value=100_000,
        required=False,
        help_text="Laissez vide pour revenir au quota par défaut.",
    )
