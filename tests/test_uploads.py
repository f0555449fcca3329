"""Editors upload one or many files in the admin; bad files are refused and nothing is kept."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from documents.collections import PRIVATE_COLLECTION_NAME, public_collection
from documents.models import Resource
from people.factories import UserFactory

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="editrice", is_superuser=True, is_staff=True))
    return client


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, name, content, **fields):
    data = {"title": fields.pop("title", "Un document"), "file": SimpleUploadedFile(name, content)}
    data.update(fields)
    return client.post(reverse("wagtaildocs:add"), data)


def test_single_upload_lands_in_the_participants_collection_by_default(editor_client):
    form = editor_client.get(reverse("wagtaildocs:add")).content.decode()
    assert "Par défaut, un nouveau document est réservé aux participants" in form
    root_id = Resource._meta.get_field("collection").get_default()
    response = upload(
        editor_client,
        "programme séance 3.pdf",
        files.pdf(),
        collection=root_id,
        kind="programme",
    )
    assert response.status_code == 302
    document = Resource.objects.get()
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    assert document.kind == "programme"
    assert document.original_filename == "programme séance 3.pdf"
    assert document.text_status == Resource.TextStatus.INDEXED


def test_an_explicit_public_collection_is_kept(editor_client):
    public = public_collection()
    upload(editor_client, "support.pdf", files.pdf(), collection=public.pk, kind="programme")
    assert Resource.objects.get().collection == public


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("outil.exe", b"MZ\x90\x00binary", "extension"),
        ("faux.pdf", b"MZ\x90\x00\x03\x00\x00\x00binary", "ne correspond pas à son extension"),
        ("faux.docx", b"PK\x03\x04 not really a docx", "ne correspond pas à son extension"),
        ("faux.odt", files.docx(), "ne correspond pas à son extension"),
        ("vide.pdf", b"", "vide"),
    ],
    ids=["extension", "exe-as-pdf", "broken-docx", "docx-as-odt", "empty"],
)
def test_bad_files_are_refused_with_a_french_message_and_nothing_stored(
    editor_client, name, content, message
):
    before = stored_files()
    response = upload(editor_client, name, content, collection=public_collection().pk)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()
    assert stored_files() == before


def test_oversized_file_is_refused(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = upload(editor_client, "gros.pdf", files.pdf(), collection=public_collection().pk)
    assert response.status_code == 200
    assert "trop volumineux" in response.content.decode() or "taille" in response.content.decode()
    assert not Resource.objects.exists()


def test_default_upload_limit_is_50_mb():
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 1024 * 1024


def test_multiple_upload_creates_documents_then_takes_their_metadata(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("portrait.odt", files.odt())},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    document = Resource.objects.get()
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    assert document.text_status == Resource.TextStatus.INDEXED
    # The editor then fills the metadata in the form the uploader shows.
    response = editor_client.post(
        reverse("wagtaildocs:edit_multiple", args=[document.pk]),
        {
            f"doc-{document.pk}-title": "Portrait économique",
            f"doc-{document.pk}-collection": document.collection_id,
            f"doc-{document.pk}-kind": "document_travail",
            f"doc-{document.pk}-authors": "Équipe de Grenoble",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    document.refresh_from_db()
    assert document.title == "Portrait économique"
    assert document.authors == "Équipe de Grenoble"


def test_multiple_upload_refuses_a_bad_file_with_its_message(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 binary")},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert "ne correspond pas à son extension" in data["error_message"]
    assert not Resource.objects.exists()


def test_no_upload_leaves_a_file_without_its_row(editor_client):
    before = set(stored_files())
    upload(editor_client, "faux.pdf", b"MZ binary", collection=public_collection().pk)
    upload(editor_client, "bon.pdf", files.pdf(), collection=public_collection().pk)
    names = {os.path.basename(d.file.name) for d in Resource.objects.all()}
    names |= {os.path.basename(d.preview.name) for d in Resource.objects.all() if d.preview}
    assert {p.name for p in set(stored_files()) - before} == names


def test_the_uploaders_second_step_also_ends_as_a_document(editor_client):
    """When a field other than the file fails (here an empty title), Wagtail keeps the file
    aside and asks for the metadata first; that second step must not fail either."""
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("compte-rendu.pdf", files.pdf()), "title": ""},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is True
    assert not Resource.objects.exists()
    upload_id = data["uploaded_file_id"]
    response = editor_client.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id]),
        {
            f"uploaded-document-{upload_id}-title": "Compte rendu de la séance 2",
            f"uploaded-document-{upload_id}-kind": "compte_rendu",
        },
    )
    assert response.status_code == 200, response.content[:500]
    assert response.json()["success"] is True
    document = Resource.objects.get()
    assert document.title == "Compte rendu de la séance 2"
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    assert document.text_status == Resource.TextStatus.INDEXED


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), PermissionError(13, "Permission denied")]
)
def test_a_full_or_read_only_storage_is_a_french_message_and_nothing_half_written(
    editor_client, monkeypatch, error
):
    from documents.storage import private_storage

    def refuse(name, content, max_length=None):
        raise error

    before = stored_files()
    private_storage._setup()
    monkeypatch.setattr(private_storage._wrapped, "save", refuse)
    response = upload(
        editor_client, "programme.pdf", files.pdf(), collection=public_collection().pk
    )
    assert response.status_code == 200
    assert "l’espace de stockage est plein ou protégé en écriture" in response.content.decode()
    assert not Resource.objects.exists()
    assert stored_files() == before


def test_a_failed_row_takes_its_fresh_file_away(editor_client, monkeypatch):
    from django.db import IntegrityError

    from wagtail.documents.models import AbstractDocument

    def fail(self, *args, **kwargs):
        raise IntegrityError("panne simulée")

    before = stored_files()
    monkeypatch.setattr(AbstractDocument, "save", fail)
    editor_client.raise_request_exception = False
    upload(editor_client, "programme.pdf", files.pdf(), collection=public_collection().pk)
    assert not Resource.objects.exists()
    assert stored_files() == before


def test_private_files_are_readable_by_the_sites_own_account_only(editor_client, private_root):
    """Documents and their previews are written 0600 in folders 0700, the root included,
    even when the root was made open by hand."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    upload(editor_client, "compte rendu.pdf", files.pdf(), kind="compte_rendu")
    document = Resource.objects.get()
    assert document.preview  # a PDF has one
    written = stored_files()
    assert {Path(document.file.path), Path(document.preview.path)} <= set(written)
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o600, path
        for folder in path.relative_to(root).parents:
            assert (root / folder).stat().st_mode & 0o777 == 0o700, folder


def _previews():
    return [p.name for p in stored_files() if p.parent.name == "apercus"]


def test_previews_follow_their_document_when_replaced_and_deleted(
    editor_client, private_root, django_capture_on_commit_callbacks
):
    """A preview is its document's: replacing the file replaces it, deleting the document
    deletes it; none is left on disk (nor, so, in the backups)."""
    upload(editor_client, "programme.pdf", files.pdf(title="Premier"), kind="programme")
    document = Resource.objects.get()
    first = document.preview.name
    assert _previews() == [Path(first).name]
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "collection": document.collection_id,
            "kind": "programme",
            "file": SimpleUploadedFile("programme-v2.pdf", files.pdf(title="Second")),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.preview.name != first
    assert _previews() == [Path(document.preview.name).name]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Resource.objects.exists()
    assert _previews() == []
    assert stored_files() == []
