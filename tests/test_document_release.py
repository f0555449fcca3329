"""The review of documents (issue #16, point 1; documents.release): nothing an editor does
shows a document outside the staff until a « Responsable de publication » releases it."""

import importlib
import re
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from access.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    PARTICIPANTS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    setup_roles,
)
from documents.collections import (
    PRIVATE_COLLECTION_NAME,
    default_private_collection,
    public_collection,
)
from documents.factories import ResourceFactory
from documents.forms import COLLECTION_NOT_ALLOWED, RELEASED_WARNING
from documents.models import Resource
from documents.wagtail_hooks import keep_editors_out_of_public_collections

from . import files
from .staff import logged_in, member

pytestmark = pytest.mark.django_db

TITLE = "Programme provisoire de la séance 7"


@pytest.fixture
def staff(db):
    setup_roles()
    return {
        "editor": member(EDITORS_GROUP, "auteure"),
        "reviewer": member(REVIEWERS_GROUP, "relectrice"),
        "publisher": member(PUBLISHERS_GROUP, "publieuse"),
    }


def upload(client, title=TITLE, **fields):
    data = {
        "title": title,
        "file": SimpleUploadedFile("programme.pdf", files.pdf(title=title)),
        "kind": "programme",
        **fields,
    }
    return client.post(reverse("wagtaildocs:add"), data)


def edit(client, document, **fields):
    data = {
        "title": document.title,
        "collection": document.collection_id,
        "kind": document.kind,
        "description": document.description,
        **fields,
    }
    return client.post(reverse("wagtaildocs:edit", args=[document.pk]), data)


def release_url():
    return reverse("documents_release")


def bulk_url(action, *documents):
    ids = "&".join(f"id={d.pk}" for d in documents)
    return reverse("wagtail_bulk_action", args=["documents", "resource", action]) + f"?{ids}"


def shown_to(client, document):
    """Where the audience could meet the document: home page, library search, feed, download."""
    places = {
        "accueil": client.get("/"),
        "bibliothèque": client.get("/ressources/", {"q": "programme provisoire"}),
        "flux": client.get("/flux.xml"),
    }
    seen = {
        name for name, response in places.items() if document.title in response.content.decode()
    }
    if client.get(document.url).status_code == 200:
        seen.add("téléchargement")
    return seen


def test_a_document_uploaded_by_an_editor_stays_invisible_until_a_publisher_releases_it(
    demo, staff, audience
):
    assert upload(logged_in(staff["editor"])).status_code == 302
    document = Resource.objects.get(title=TITLE)
    assert document.released_at is None
    assert document.collection.name == PRIVATE_COLLECTION_NAME
    everywhere = {"accueil", "bibliothèque", "téléchargement"}  # not the feed: it is public

    # Waiting: the staff see it (they review it); participants, outsiders, anonymous: nothing.
    seen = shown_to(audience, document)
    if audience.audience == "editor":
        assert everywhere <= seen
    else:
        assert seen == set(), audience.audience

    # A publisher moves it to the public collection: still waiting, still unseen.
    publisher = logged_in(staff["publisher"])
    assert edit(publisher, document, collection=public_collection().pk).status_code == 302
    document.refresh_from_db()
    assert document.collection == public_collection() and document.released_at is None
    seen = shown_to(audience, document)
    assert seen == (everywhere if audience.audience == "editor" else set())

    # Released: everyone sees it, where its collection allows (now public).
    publisher.post(release_url(), {"un_seul": document.pk})
    document.refresh_from_db()
    assert document.released_by == staff["publisher"]
    assert everywhere | {"flux"} <= shown_to(audience, document)


def test_a_released_participants_document_is_for_participants_only(demo, staff, audience):
    upload(logged_in(staff["editor"]))
    document = Resource.objects.get(title=TITLE)
    logged_in(staff["publisher"]).post(release_url(), {"document": [document.pk]})
    seen = shown_to(audience, document)
    if audience.may_see_restricted:
        assert {"bibliothèque", "téléchargement"} <= seen
    else:
        assert seen == set()


def test_an_editor_may_file_documents_only_in_restricted_collections(staff):
    editor = logged_in(staff["editor"])
    private, public = default_private_collection(), public_collection()
    root = Collection.get_first_root_node()
    form = editor.get(reverse("wagtaildocs:add")).content.decode()
    # The participants' collection is the only one open to them: Wagtail then offers no
    # choice and files the document there.
    assert f'<option value="{public.pk}"' not in form
    assert f'<option value="{root.pk}"' not in form
    assert "jusqu’à ce qu’un responsable de publication le valide" in form

    for forged in (public, root):
        response = upload(editor, collection=forged.pk)
        assert response.status_code == 200
        assert COLLECTION_NOT_ALLOWED in response.content.decode()
        assert not Resource.objects.exists()
    # Nothing lost: without the forged value, the upload goes through, and waits.
    assert upload(editor).status_code == 302
    document = Resource.objects.get()
    assert document.collection == private and document.released_at is None


def test_the_multiple_uploader_offers_editors_restricted_collections_only(staff):
    private, public = default_private_collection(), public_collection()
    restricted = Collection.get_first_root_node().add_child(name="Comité de pilotage")
    restriction = CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=PUBLISHERS_GROUP))
    page = logged_in(staff["editor"]).get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert f'<option value="{private.pk}"' in page
    assert f'<option value="{restricted.pk}"' in page
    assert f'<option value="{public.pk}"' not in page
    page = logged_in(staff["publisher"]).get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert f'<option value="{public.pk}"' in page


def test_a_forged_collection_in_the_multiple_uploader_publishes_nothing(staff):
    editor = logged_in(staff["editor"])
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("programme.pdf", files.pdf()),
            "collection": public_collection().pk,
        },
    )
    assert response.status_code == 200
    # The file is kept (Wagtail's uploaded file, waiting for its form), no document is public.
    assert not Resource.objects.filter(collection=public_collection()).exists()
    data = response.json()
    assert data["success"] is True and "uploaded_file_id" in data
    # The editor fills its form; the forged collection again: refused, in French.
    upload_id = data["uploaded_file_id"]
    prefix = f"uploaded-document-{upload_id}"
    fields = {f"{prefix}-title": TITLE, f"{prefix}-kind": "programme"}
    create = reverse("wagtaildocs:create_multiple_from_uploaded_document", args=[upload_id])
    response = editor.post(create, {**fields, f"{prefix}-collection": public_collection().pk})
    assert response.json()["success"] is False
    assert COLLECTION_NOT_ALLOWED in response.json()["form"]
    assert not Resource.objects.exists()
    # Nothing lost: with a collection of theirs, the document is made, and waits.
    private = default_private_collection()
    response = editor.post(create, {**fields, f"{prefix}-collection": private.pk})
    assert response.json()["success"] is True
    document = Resource.objects.get()
    assert document.collection == private and document.released_at is None


def test_an_editor_cannot_move_documents_into_a_public_collection_in_bulk(staff):
    document = ResourceFactory(collection=default_private_collection())
    editor = logged_in(staff["editor"])
    response = editor.post(
        bulk_url("add_to_collection", document), {"collection": public_collection().pk}
    )
    assert response.status_code == 200  # the public collection is not among its choices
    document.refresh_from_db()
    assert document.collection == default_private_collection()


def test_the_bulk_move_hook_refuses_a_public_collection_that_reaches_it(staff, rf):
    """Defence in depth behind the bulk action's own choices (documents.release's policy)."""
    document = ResourceFactory(collection=default_private_collection())
    request = rf.post("/")
    request.user = staff["editor"]
    request._messages = CookieStorage(request)
    action = SimpleNamespace(
        model=Resource,
        next_url="/admin/documents/",
        cleaned_form=SimpleNamespace(cleaned_data={"collection": public_collection()}),
    )
    response = keep_editors_out_of_public_collections(
        request, "add_to_collection", [document], action
    )
    assert response.status_code == 302
    assert any("Rien n’a été déplacé" in str(m) for m in request._messages._queued_messages)
    action.cleaned_form.cleaned_data["collection"] = default_private_collection()
    assert (
        keep_editors_out_of_public_collections(request, "add_to_collection", [document], action)
        is None
    )


def test_editors_and_reviewers_cannot_release(staff):
    document = ResourceFactory(released_at=None)
    for role in ("editor", "reviewer"):
        client = logged_in(staff[role])
        # Wagtail's admin turns the refusal into a return to the dashboard, with its message.
        response = client.post(release_url(), {"un_seul": document.pk})
        assert response.status_code in (302, 403)
        client.post(bulk_url("valider", document), {})
        document.refresh_from_db()
        assert document.released_at is None, role


def test_the_release_right_belongs_to_publishers_and_administrators(staff):
    for name, expected in [
        (EDITORS_GROUP, False),
        (REVIEWERS_GROUP, False),
        (PARTICIPANTS_GROUP, False),
        (PUBLISHERS_GROUP, True),
        (ADMINISTRATORS_GROUP, True),
    ]:
        user = member(name, f"membre-{name[:8]}")
        assert user.has_perm("documents.release_resource") is expected, name


def test_publishers_and_reviewers_see_the_waiting_documents_on_the_dashboard(staff):
    waiting = ResourceFactory(title="Compte rendu en attente", released_at=None)
    ResourceFactory(title="Compte rendu validé")
    for role, may_release in (("publisher", True), ("reviewer", False)):
        html = logged_in(staff[role]).get(reverse("wagtailadmin_home")).content.decode()
        assert "Documents à valider" in html
        assert waiting.title in html
        assert "Compte rendu validé" not in html
        assert (f'name="un_seul" value="{waiting.pk}"' in html) is may_release, role


def test_the_dashboards_release_button_works_with_csrf_protection(staff):
    """The browser's case: the panel's form carries the page's CSRF token (the test client
    otherwise skips the check)."""
    waiting = ResourceFactory(released_at=None)
    publisher = Client(enforce_csrf_checks=True)
    publisher.force_login(staff["publisher"])
    html = publisher.get(reverse("wagtailadmin_home")).content.decode()
    form = re.search(rf'<form[^>]*action="{release_url()}".*?</form>', html, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "le formulaire « Documents à valider » n’a pas de jeton CSRF"
    response = publisher.post(
        release_url(), {"csrfmiddlewaretoken": token.group(1), "un_seul": waiting.pk}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.released_at is not None


def test_publishers_release_one_by_one_or_in_bulk(staff):
    first, second, third = (ResourceFactory(released_at=None) for _ in range(3))
    publisher = logged_in(staff["publisher"])
    response = publisher.post(release_url(), {"un_seul": first.pk, "document": [second.pk]})
    assert response.status_code == 302
    assert Resource.objects.filter(released_at__isnull=False, pk=first.pk).exists()
    assert (
        Resource.objects.filter(released_at__isnull=True, pk__in=[second.pk, third.pk]).count() == 2
    )

    publisher.post(release_url(), {"document": [second.pk, third.pk, "999999", "x"]})
    assert not Resource.objects.filter(released_at__isnull=True).exists()


def test_the_bulk_action_of_the_documents_listing_releases(staff):
    documents = [ResourceFactory(released_at=None) for _ in range(2)]
    response = logged_in(staff["publisher"]).post(bulk_url("valider", *documents), {})
    assert response.status_code == 302
    assert not Resource.objects.filter(released_at__isnull=True).exists()


def test_a_document_whose_file_is_missing_is_not_released(staff):
    missing = ResourceFactory(title="Sans fichier", released_at=None)
    present = ResourceFactory(title="Avec fichier", released_at=None)
    missing.file.storage.delete(missing.file.name)
    publisher = logged_in(staff["publisher"])
    response = publisher.post(release_url(), {"document": [missing.pk, present.pk]}, follow=True)
    html = response.content.decode()
    assert "« Sans fichier » n’a pas été validé : son fichier est introuvable" in html
    missing.refresh_from_db()
    present.refresh_from_db()
    assert missing.released_at is None  # nothing published that should not be
    assert present.released_at is not None  # nothing lost of the rest of the batch


def test_an_editors_change_of_a_released_document_puts_it_back_to_waiting(staff, client):
    document = ResourceFactory(title="Support publié")
    assert client.get(document.url).status_code == 200
    editor = logged_in(staff["editor"])
    form = editor.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert RELEASED_WARNING.split(" :")[0] in form
    assert "validé le" in form

    # Opening and saving without a change leaves it released.
    assert edit(editor, document).status_code == 302
    document.refresh_from_db()
    assert document.released_at is not None

    assert edit(editor, document, description="Nouvelle description").status_code == 302
    document.refresh_from_db()
    assert document.released_at is None
    assert client.get(document.url).status_code != 200  # the public has lost it
    assert document.collection == public_collection()  # it may stay where it was

    # Replacing the file too.
    logged_in(staff["publisher"]).post(release_url(), {"un_seul": document.pk})
    new_file = SimpleUploadedFile("support-v2.pdf", files.pdf(title="Version 2"))
    assert edit(editor, Resource.objects.get(pk=document.pk), file=new_file).status_code == 302
    document.refresh_from_db()
    assert document.released_at is None


def test_a_publishers_upload_is_released_at_once_and_their_edit_keeps_the_state(staff):
    publisher = logged_in(staff["publisher"])
    assert upload(publisher, collection=public_collection().pk).status_code == 302
    document = Resource.objects.get(title=TITLE)
    assert document.released_at is not None and document.released_by == staff["publisher"]

    waiting = ResourceFactory(released_at=None)
    form = publisher.get(reverse("wagtaildocs:edit", args=[waiting.pk])).content.decode()
    assert "en attente d’un responsable de publication" in form
    assert edit(publisher, waiting, description="Relu").status_code == 302
    waiting.refresh_from_db()
    assert waiting.released_at is None  # released on purpose, from the panel


def test_existing_documents_are_released_by_the_migration(db):
    document = ResourceFactory(released_at=None)
    migration = importlib.import_module("documents.migrations.0009_review_release")
    migration.release_existing_documents(apps, None)
    document.refresh_from_db()
    assert document.released_at is not None


def test_the_demo_documents_are_released(demo):
    assert Resource.objects.exists()
    assert not Resource.objects.filter(released_at__isnull=True).exists()


def test_a_release_refreshes_the_anonymous_page_cache(demo, staff, client, settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    document = ResourceFactory(title=TITLE, released_at=None)
    url = "/ressources/?q=provisoire"
    client.get(url)
    response = client.get(url)  # from the cache, without the waiting document
    assert response["X-Cache-Pages"] == "hit" and TITLE not in response.content.decode()
    logged_in(staff["publisher"]).post(release_url(), {"un_seul": document.pk})
    assert TITLE in client.get(url).content.decode()
    caches["pages"].clear()
