"""make backup / make restore: one archive (database, documents, images) and back, on
PostgreSQL, with every page, revision, document (same bytes), user and workflow state."""

import hashlib
import io
import tarfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.images.models import Image
from wagtail.models import Page, Revision, WorkflowState

import pytest

from documents.models import Resource

from .conftest import rebuild_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_site(transactional_db):
    rebuild_demo()


def fingerprint():
    def file_digest(field):
        try:
            with field.open("rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        except FileNotFoundError:
            return None

    return {
        "pages": sorted(Page.objects.values_list("pk", "path", "title", "live", "url_path")),
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "created_at")),
        "documents": sorted(
            (d.pk, d.title, d.collection_id, file_digest(d.file)) for d in Resource.objects.all()
        ),
        "images": sorted((i.pk, file_digest(i.file)) for i in Image.objects.all()),
        "users": sorted(get_user_model().objects.values_list("username", "password", "email")),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status", "object_id")),
    }


def test_backup_and_restore_bring_everything_back(demo_site, tmp_path):
    before = fingerprint()
    assert before["documents"] and before["workflows"] and before["revisions"]
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    # The database as its own tool writes it: pg_dump's archive, or SQLite's file (make run).
    database = "base.dump" if connection.vendor == "postgresql" else "base.sqlite3"
    assert "manifest.json" in names and database in names
    assert any(name.startswith("documents/") for name in names)

    # What a bad day does: pages deleted, a file lost, a password changed, a workflow gone.
    Page.objects.get(slug="la-formation").delete()
    document = Resource.objects.first()
    document.file.storage.delete(document.file.name)
    user = get_user_model().objects.get(username="participant")
    user.set_password("un autre mot de passe")
    user.save()
    WorkflowState.objects.all().delete()
    assert fingerprint() != before

    call_command("restore_site", str(archive), "--oui", stdout=io.StringIO())
    assert fingerprint() == before


def test_restore_asks_for_confirmation_and_refuses_a_tampered_archive(demo_site, tmp_path):
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--oui"):
        call_command("restore_site", str(archive))
    tampered = tmp_path / "alteree.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name.startswith("documents/") and member.isfile():
                content = b"remplace" + data.read()
                member.size = len(content)
                data = io.BytesIO(content)
            target.addfile(member, data)
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="Archive altérée"):
        call_command("restore_site", str(tampered), "--oui")
    assert Page.objects.count() == pages  # nothing was replaced


def test_archives_and_restored_private_files_are_the_sites_own(demo_site, tmp_path):
    archive = tmp_path / "sauvegardes" / "sauvegarde.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700
    call_command("restore_site", str(archive), "--oui", stdout=io.StringIO())
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert root.stat().st_mode & 0o777 == 0o700
    for path in root.rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o600 if path.is_file() else 0o700), path


def test_a_restore_empties_the_anonymous_page_cache(demo_site, tmp_path, settings, client):
    from django.core.cache import caches

    from wagtail.models import Collection

    from documents.collections import PRIVATE_COLLECTION_NAME, public_collection
    from home.page_cache import CACHE_ALIAS, HEADER

    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    document = Resource.objects.filter(collection=public_collection()).first()
    document.collection = Collection.objects.get(name=PRIVATE_COLLECTION_NAME)
    document.save()
    archive = tmp_path / "restreint.tar.gz"
    call_command("backup_site", str(archive), stdout=io.StringIO())
    document.collection = public_collection()
    document.save()
    url = f"/ressources/?q={document.title}"
    assert document.url in client.get(url).content.decode()
    assert client.get(url)[HEADER] == "hit"
    call_command("restore_site", str(archive), "--oui", stdout=io.StringIO())
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert document.url not in response.content.decode()
