"""The site and the page that answer an address are read once per content generation and
kept for every request (home.middleware.KeptRouteMiddleware), as are the restrictions the
visibility rule reads (access.visibility): who may see a page is still decided for each
request. Whoever asked first, each user of the privacy matrix gets what they get without
them; a change shows at once; an address no page has keeps nothing. Run, as every privacy
suite, with the page cache and the shared values on (tests/conftest.py)."""

from django.core.cache import caches
from django.test import Client

import pytest

from access.generation import GENERATION_KEY, new_generation
from sessions.models import SessionPage

pytestmark = pytest.mark.django_db

AREA = "/espace-participants/"


@pytest.fixture
def participant_first(demo, participant):
    """A participant opens the participants' area first: its route is kept."""
    client = Client()
    client.force_login(participant)
    assert client.get(AREA).status_code == 200
    return client


def test_a_restricted_page_kept_for_a_participant_stays_hidden_from_the_others(
    participant_first, audience
):
    response = audience.get(AREA)
    assert response.status_code == (200 if audience.may_see_restricted else 404)


def test_a_page_restricted_after_its_route_was_kept_is_hidden_at_once(
    demo, audience, restrict_to_participants
):
    page = SessionPage.objects.get(number=2)
    assert Client().get(page.url).status_code == 200  # kept, and stored whole for anonymous
    restrict_to_participants(page)
    response = audience.get(page.url)
    assert response.status_code == (200 if audience.may_see_restricted else 404)
    assert Client().get(page.url).status_code == 404


def test_an_unpublished_page_is_gone_at_once(demo, audience):
    page = SessionPage.objects.get(number=3)
    url = page.url
    assert audience.get(url).status_code == 200
    page.unpublish()
    assert audience.get(url).status_code == 404


def test_a_page_given_a_new_address_is_found_there_not_at_the_old_one(demo, audience):
    page = SessionPage.objects.get(number=4)
    old = page.url
    assert audience.get(old).status_code == 200
    page.slug = "quatrieme-seance"
    page.save_revision().publish()
    new = SessionPage.objects.get(pk=page.pk).url
    assert new.endswith("/quatrieme-seance/")
    assert audience.get(new).status_code == 200
    assert audience.get(old, follow=False).status_code != 200  # Wagtail's redirect, or 404


def test_addresses_no_page_has_keep_nothing(demo, monkeypatch):
    client = Client()
    client.get("/")  # the site and the home page's route: kept
    store = caches["pages"]
    keys = []
    set_value = store.set

    def spy(key, *args, **kwargs):
        keys.append(key)
        return set_value(key, *args, **kwargs)

    monkeypatch.setattr(store, "set", spy)
    for number in range(20):
        assert client.get(f"/page-inventee-{number}/").status_code == 404
        assert client.get(f"/sessions/seance-1/sous-page-{number}/").status_code == 404
    assert not [key for key in keys if ":shared:everyone:" in key]


def test_the_generation_is_drawn_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """A request that read the new generation before the commit read the old rows: what it
    kept under that generation must not outlive the commit."""
    store = caches["pages"]
    with django_capture_on_commit_callbacks(execute=True):
        new_generation()
        during = store.get(GENERATION_KEY)
    after = store.get(GENERATION_KEY)
    assert during is not None and after is not None
    assert after != during
