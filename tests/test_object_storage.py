"""Past one machine: documents and images on S3-compatible storage, against a local S3
server the test starts (moto in server mode: no network, no account). Documents are private
objects that leave only through the permission-checked views; so are images."""

import io
import re
import sys
import time
import zipfile

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import boto3
import pytest
from PIL import Image as PILImage

from documents.collections import default_private_collection
from documents.models import Resource
from documents.storage import reset_private_storage
from home.factories import ContentPageFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory

from . import files
from .servers import free_port, start, stop

pytestmark = pytest.mark.django_db

BUCKET = "formation-deu"
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


@pytest.fixture
def s3_server():
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = start(command, port)
    yield process, f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture
def bucket(settings, s3_server, monkeypatch):
    process, endpoint = s3_server
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "home.s3.ImageS3Storage",
            "OPTIONS": {"location": "medias", "default_acl": "private", "querystring_auth": True},
        },
    }
    reset_private_storage()
    yield client, process, endpoint
    reset_private_storage()


def public_grants(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]


@pytest.fixture
def restricted_document(bucket):
    document = Resource(
        title="Document de travail confidentiel",
        collection=default_private_collection(),
        released_at=timezone.now(),  # released: its privacy is its collection's (#16)
    )
    document.file.save("travail.pdf", ContentFile(files.pdf("Document de travail")), save=False)
    document.save()
    return document


def test_documents_are_private_objects_in_the_bucket(bucket, restricted_document):
    client, _process, _endpoint = bucket
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]]
    key = f"documents/{restricted_document.file.name}"
    assert key in keys
    assert public_grants(client, key) == []
    # Its text was read from the bucket, for the search.
    assert restricted_document.text_status == Resource.TextStatus.INDEXED
    with pytest.raises(NotImplementedError):
        restricted_document.file.url  # noqa: B018 — no public address, ever


def test_downloads_from_the_bucket_follow_privacy(
    client, bucket, restricted_document, participant, outsider
):
    url = restricted_document.url
    assert client.get(url).status_code == 302  # anonymous: log in first
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(participant)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == files.pdf("Document de travail")


def test_images_are_private_objects_that_leave_through_the_site(
    client, bucket, home_page, restricted_groups
):
    """No image is readable from the bucket itself: renditions go out through the site's
    route, which checks their collection, public ones with a public cache header."""
    client_s3, _process, endpoint = bucket

    def image(title, collection=None):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1200, 800), "#1d4e5f").save(buffer, "PNG")
        extra = {"collection": collection} if collection else {}
        return Image.objects.create(title=title, file=ImageFile(buffer, name="a.png"), **extra)

    private = Collection.get_first_root_node().add_child(name="Réservé aux participants")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    public, secret = image("Atelier"), image("Tableau", private)
    page = ContentPageFactory(
        parent=home_page, slug="atelier", body=[("image", {"image": public, "alt_text": "x"})]
    )
    html = client.get(page.url).content.decode()
    assert endpoint not in html
    url = re.search(r'src="(/media/images/[^"]+)"', html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    secret_url = secret.get_rendition("width-400").url
    assert client.get(secret_url).status_code == 404
    keys = [o["Key"] for o in client_s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    images = [key for key in keys if key.startswith("medias/")]
    assert len(images) >= 4  # two originals and their renditions
    assert not any(public_grants(client_s3, key) for key in images)
    with pytest.raises(NotImplementedError):
        public.file.url  # noqa: B018 — no address for an original


def test_an_unreachable_bucket_gets_a_clear_page_quickly(
    client, bucket, restricted_document, participant
):
    _client, process, _endpoint = bucket
    process.kill()
    process.wait()
    client.force_login(participant)
    started = time.monotonic()
    response = client.get(restricted_document.url)
    assert response.status_code == 503
    assert "Document momentanément indisponible" in response.content.decode()
    assert time.monotonic() - started < 30


@pytest.fixture
def session_in_the_bucket(bucket, home_page):
    session = SessionPageFactory(parent=SessionIndexPageFactory(parent=home_page), number=1)
    for title, name in (("Atelier A", "atelier-a.pdf"), ("Atelier B", "atelier-b.pdf")):
        document = Resource(
            title=title,
            collection=default_private_collection(),
            session=session,
            released_at=timezone.now(),  # released: its privacy is its collection's (#16)
        )
        document.file.save(name, ContentFile(files.pdf(title)), save=False)
        document.save()
    return session


def test_a_bucket_lost_during_a_session_archive_leaves_a_readable_zip_and_a_note(
    client, bucket, session_in_the_bucket, participant
):
    _client, process, _endpoint = bucket
    client.force_login(participant)
    response = client.get("/documents/seance-1.zip")
    assert response.status_code == 200
    chunks = iter(response.streaming_content)
    body = next(chunks)  # the first document, read from the bucket
    process.kill()
    process.wait()
    body += b"".join(chunks)
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.namelist() == ["atelier-a.pdf", "LISEZ-MOI.txt"]
    assert archive.read("atelier-a.pdf") == files.pdf("Atelier A")
    note = archive.read("LISEZ-MOI.txt").decode()
    assert "- Atelier B : stockage des documents injoignable" in note


def test_a_session_archive_from_an_unreachable_bucket_is_a_clear_page(
    client, bucket, session_in_the_bucket, participant
):
    _client, process, _endpoint = bucket
    process.kill()
    process.wait()
    client.force_login(participant)
    response = client.get("/documents/seance-1.zip")
    assert response.status_code == 503
    assert "Document momentanément indisponible" in response.content.decode()
