"""Images follow the privacy of their collection, like documents: a rendition of an image in a
restricted collection reaches only those who may see it, and answers everyone else as a missing
one; public images keep their public cache header. For the four users of the privacy matrix."""

import io
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image as PILImage

from home.factories import ContentPageFactory
from home.image_forms import COLLECTION_HELP

from .conftest import visible_text

pytestmark = pytest.mark.django_db


def make_image(title, collection=None, colour="#1d4e5f"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, "PNG")
    fields = {"collection": collection} if collection else {}
    name = re.sub(r"\W+", "-", title.lower()) + ".png"
    return Image.objects.create(title=title, file=ImageFile(buffer, name=name), **fields)


@pytest.fixture
def images(home_page, restricted_groups, restrict_to_participants):
    private = Collection.get_first_root_node().add_child(name="Réservé aux participants")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    public = make_image("Atelier public")
    secret = make_image("Tableau blanc du groupe", private, "#aa3300")
    body = [
        ("image", {"image": public, "alt_text": "L’atelier", "caption": ""}),
        ("image", {"image": secret, "alt_text": "Le tableau du groupe", "caption": "Notes"}),
    ]
    restricted_page = ContentPageFactory(parent=home_page, slug="reserve", body=body)
    restrict_to_participants(restricted_page)
    public_page = ContentPageFactory(parent=home_page, slug="public", body=body)
    return {
        "public": public.get_rendition("width-400|format-webp").url,
        "secret": secret.get_rendition("width-400|format-webp").url,
        "secret_image": secret,
        "restricted_page": restricted_page,
        "public_page": public_page,
    }


def _answer(response, path):
    body = response.content.decode().replace(path, "ADRESSE")
    return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_a_public_image_is_public_and_cacheable(audience, images):
    response = audience.get(images["public"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"  # WebP
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Type"] == "image/webp"


def test_a_restricted_image_reaches_only_those_who_may_see_it(audience, images):
    response = audience.get(images["secret"])
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:4] == b"RIFF"
        assert response["Cache-Control"].startswith("private")
        assert "Cookie" in response["Vary"]
    else:
        missing = images["secret"].replace(".webp", "-absente.webp")
        assert _answer(response, images["secret"]) == _answer(audience.get(missing), missing)
        assert response.status_code == 404
        assert "public" not in response.get("Cache-Control", "")


def test_another_filter_spec_is_no_way_round(audience, images):
    """Renditions are made by the pages that show them, never on request: another size of a
    restricted image is as missing as anything else."""
    other = re.sub(r"width-400", "width-401", images["secret"])
    assert audience.get(other).status_code == 404


@pytest.mark.parametrize("page", ["restricted_page", "public_page"])
def test_pages_show_a_restricted_image_only_to_those_who_may_see_it(audience, images, page):
    response = audience.get(images[page].url)
    if page == "restricted_page" and not audience.may_see_restricted:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert images["public"].rsplit("/", 1)[1].split(".")[0] in html
    secret_name = images["secret"].rsplit("/", 1)[1].split(".")[0]
    assert (secret_name in html) == audience.may_see_restricted
    assert ('alt="Le tableau du groupe"' in html) == audience.may_see_restricted
    assert ("Notes" in visible_text(response)) == audience.may_see_restricted  # its caption


def test_a_proxy_can_send_the_file_once_the_site_said_yes(client, images, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/_medias-internes/"
    response = client.get(images["public"])
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/_medias-internes/images/")
    assert response.content == b""
    refused = client.get(images["secret"])
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_an_unchanged_image_is_not_sent_again(client, images):
    first = client.get(images["public"])
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=1), usegmt=True)
    again = client.get(images["public"], HTTP_IF_MODIFIED_SINCE=later)
    assert again.status_code == 304
    assert first["Last-Modified"]


def test_moving_an_image_into_a_restricted_collection_takes_effect_at_once(client, images):
    private = images["secret_image"].collection
    image = Image.objects.get(title="Atelier public")
    image.collection = private
    image.save()
    assert client.get(images["public"]).status_code == 404


def test_editors_read_where_an_images_privacy_comes_from(client, images):
    from people.factories import UserFactory

    client.force_login(UserFactory(username="admin-images", is_superuser=True, is_staff=True))
    response = client.get("/admin/images/add/")
    assert response.status_code == 200
    assert "La collection décide qui voit l’image" in COLLECTION_HELP
    assert "La collection décide qui voit l" in response.content.decode()


@pytest.mark.parametrize("change", ["image moved", "collection restricted"])
def test_a_public_rendition_remembered_by_the_cache_is_forgotten_at_once(
    audience, images, settings, restricted_groups, change
):
    """With the page cache on, a public rendition is served without the database; any change
    that could make it private draws a new generation, and the next answer checks again."""
    from django.core.cache import caches

    from home.page_cache import CACHE_ALIAS

    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    image = Image.objects.get(title="Atelier public")
    assert audience.get(images["public"]).status_code == 200
    assert audience.get(images["public"]).status_code == 200  # from the remembered fact
    if change == "image moved":
        image.collection = images["secret_image"].collection
        image.save()
    else:
        restriction = CollectionViewRestriction.objects.create(
            collection=image.collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(*restricted_groups)
    response = audience.get(images["public"])
    assert response.status_code == (200 if audience.may_see_restricted else 404)
    caches[CACHE_ALIAS].clear()
