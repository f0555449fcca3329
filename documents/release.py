"""The review of documents: nothing an editor does shows a document outside the staff until a
« Responsable de publication » releases it.

- A document is released when `released_at` is set. Outside the staff (anonymous visitors,
  logged-in outsiders, participants), the visibility rule (access.visibility) shows released
  documents only, whatever their collection: so every list, search, feed, download, preview
  and archive follows.
- An editor's upload waits; editors may file documents only in collections restricted to
  groups (the participants' one…), never in a public collection nor in Root
  (documents.forms.ResourceForm, and the « add to collection » bulk action:
  documents.wagtail_hooks).
- Going back to waiting: an editor's change of a released document (file, title,
  description, any field) withdraws it: the public loses it until a publisher releases it
  again. Nothing of the released version is kept; the admin says so on the form.
- A participant's deposit (documents.deposits) is not released here: the staff accept it
  (which releases it in the participants' collection) or refuse it.
- A publisher's (or administrator's) own upload is released at once: they hold the right. A
  publisher's edit keeps the document's state: a waiting one is released on purpose, from
  the « Documents à valider » panel or the documents' bulk action.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from access.visibility import group_restricted_collections
from documents.models import Deposit, Resource

RELEASE_PERMISSION = "documents.release_resource"

MISSING_FILE = (
    "« {title} » n’a pas été validé : son fichier est introuvable dans l’espace de stockage. "
    "Le document reste en attente ; remplacez son fichier, puis validez-le."
)
STORAGE_UNAVAILABLE = (
    "« {title} » n’a pas été validé : l’espace de stockage ne répond pas. Le document reste "
    "en attente ; réessayez dans un moment."
)


def can_release(user):
    return bool(user and user.is_authenticated and user.has_perm(RELEASE_PERMISSION))


def waiting_documents():
    """The documents a publisher releases: not a participant's deposit that the staff have
    not accepted (documents.deposits: it is accepted or refused, never released as such)."""
    # A subquery, not a join: release() locks these rows (FOR UPDATE refuses an outer join).
    undecided = Deposit.objects.filter(state__in=[Deposit.State.PENDING, Deposit.State.REFUSED])
    return Resource.objects.filter(released_at__isnull=True).exclude(
        pk__in=undecided.values("document_id")
    )


def file_problem(document):
    """Why this document's file cannot be released (a French sentence), or None."""
    try:
        present = bool(document.file) and document.file.storage.exists(document.file.name)
    except Exception:
        return STORAGE_UNAVAILABLE.format(title=document.title)
    return None if present else MISSING_FILE.format(title=document.title)


def release(documents, user):
    """Release these documents, those still waiting whose file is there, on behalf of `user`
    (who must hold the right). Returns (released documents, French messages for the others).

    Each row is locked and read again (two publishers at once release once) and saved with
    its two fields only: the post_save signal tells whoever listens (the anonymous page
    cache) that something public changed; the file and its text are not touched."""
    if not can_release(user):
        raise PermissionError("Seul un responsable de publication valide un document.")
    released, problems = [], []
    ids = [document.pk for document in documents]
    now = timezone.now()
    with transaction.atomic():
        waiting = waiting_documents().select_for_update().filter(pk__in=ids).order_by("pk")
        for document in waiting:
            problem = file_problem(document)
            if problem:
                problems.append(problem)
                continue
            document.released_at, document.released_by = now, user
            document.save(update_fields=["released_at", "released_by"])
            released.append(document)
    return released, problems


def mark_released(document, user=None):
    """On an unsaved or in-hand document: released now (a publisher's own upload, the demo)."""
    document.released_at = timezone.now()
    document.released_by = user if user is not None and user.is_authenticated else None


def mark_waiting(document):
    """On a document in hand: back to waiting (an editor's change)."""
    document.released_at = None
    document.released_by = None


class ReviewedDocumentsPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for documents, with one change: the collections a user may add
    documents to (or move them into) are, for anyone who cannot release, those restricted to
    groups. Wagtail asks it for the multiple uploader's list, the document form's choices and
    the « add to collection » bulk action's; the form and a before_bulk_action hook check
    again (documents.forms, documents.wagtail_hooks)."""

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        if "add" in actions and not can_release(user):
            collections = collections.filter(pk__in=group_restricted_collections().values("pk"))
        return collections


def documents_policy():
    return ReviewedDocumentsPolicy(
        Resource, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    )
