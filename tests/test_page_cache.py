"""Whole pages for anonymous visitors come from the cache; every change that shows on a page
makes them stale; logged-in users and restricted pages never touch the cache."""

from django.core.cache import caches

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from documents.factories import LibraryPageFactory, ResourceFactory
from home import page_cache as page_cache_module
from home.factories import ContentPageFactory
from home.page_cache import CACHE_ALIAS, HEADER
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Territoire confidentiel"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def site(home_page, restrict_to_participants):
    territories = TerritoryIndexPageFactory(parent=home_page, slug="territoires")
    public = TerritoryPageFactory(parent=territories, title="Grenoble", slug="grenoble")
    secret = TerritoryPageFactory(parent=territories, title=SECRET, slug="secret")
    restrict_to_participants(secret)
    about = ContentPageFactory(parent=home_page, title="La formation", slug="la-formation")
    library = LibraryPageFactory(parent=home_page, slug="ressources")
    for page in (territories, public, secret, about, library):
        page.save_revision().publish()
    return {"territories": territories, "public": public, "secret": secret, "about": about}


def get(client, url):
    response = client.get(url)
    return response, response.get(HEADER)


def test_the_second_anonymous_visit_comes_from_the_cache(client, site):
    first, state = get(client, "/territoires/")
    assert state == "miss"
    second, state = get(client, "/territoires/")
    assert state == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"]  # headers are still set around a cached page


def test_a_hit_reads_no_session_nor_user_and_keeps_the_stored_headers(client, site):
    """A hit is answered before the session and authentication middleware: its request never
    gets a session or a user, and the headers set around the first rendering come with it."""
    first, _ = get(client, "/territoires/")
    second, state = get(client, "/territoires/")
    assert state == "hit"
    assert not hasattr(second.wsgi_request, "session")
    assert not hasattr(second.wsgi_request, "user")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert second[header] == first[header]


def test_a_visitor_with_a_session_cookie_takes_the_uncached_path(client, site):
    """Anonymous, but a session cookie (an old one, or a session that holds something): no
    stored page, and still an anonymous page."""
    get(client, "/territoires/")
    client.cookies["sessionid"] = "une-session-inconnue"
    response, state = get(client, "/territoires/")
    assert response.status_code == 200 and state is None
    assert SECRET not in visible_text(response)


def test_publishing_a_change_makes_the_page_fresh(client, site):
    get(client, "/la-formation/")
    about = site["about"]
    about.title = "La formation-action, relue"
    about.save_revision().publish()
    response, state = get(client, "/la-formation/")
    assert state == "miss"
    assert "La formation-action, relue" in visible_text(response)


def test_unpublishing_and_deleting_remove_the_page(client, site):
    get(client, "/territoires/")
    get(client, "/territoires/grenoble/")
    site["public"].unpublish()
    assert client.get("/territoires/grenoble/").status_code == 404
    assert "Grenoble" not in visible_text(client.get("/territoires/"))
    get(client, "/la-formation/")
    site["about"].delete()
    assert client.get("/la-formation/").status_code == 404


def test_moving_a_page_refreshes_old_and_new_places(client, site, home_page):
    get(client, "/territoires/grenoble/")
    get(client, "/territoires/")
    site["public"].move(home_page, pos="last-child")
    # Wagtail keeps the old address alive with a redirect to the new one.
    old = client.get("/territoires/grenoble/")
    assert (old.status_code, old["Location"]) == (301, "/grenoble/")
    assert "Grenoble" not in visible_text(client.get("/territoires/"))
    assert client.get("/grenoble/").status_code == 200


def test_a_new_restriction_takes_effect_at_once(client, site, restrict_to_participants):
    get(client, "/territoires/")
    get(client, "/territoires/grenoble/")
    restrict_to_participants(site["public"])
    response = client.get("/territoires/grenoble/")
    assert response.status_code == 404
    assert "Grenoble" not in visible_text(client.get("/territoires/"))


def test_documents_and_collection_privacy_refresh_the_library(client, site, restricted_groups):
    get(client, "/ressources/")
    document = ResourceFactory(title="Synthèse de la séance 3")
    assert "Synthèse de la séance 3" in visible_text(client.get("/ressources/"))
    restriction = CollectionViewRestriction.objects.create(
        collection=document.collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    assert "Synthèse de la séance 3" not in visible_text(client.get("/ressources/"))
    restriction.delete()
    document.delete()
    assert "Synthèse de la séance 3" not in visible_text(client.get("/ressources/"))
    assert Collection.objects.exists()


def test_whoever_asks_first_no_one_gets_someone_elses_page(audience, client, site):
    """Anonymous visits before and after a logged-in user's: each reads their own page."""
    from django.test import Client

    anonymous = Client()
    get(anonymous, "/territoires/")  # the anonymous copy is stored
    response, state = get(audience, "/territoires/")
    assert (SECRET in visible_text(response)) == audience.may_see_restricted
    if audience.audience == "anonymous":
        assert state == "hit"
    else:
        assert state is None  # logged-in users neither read nor fill the cache
    response, state = get(anonymous, "/territoires/")
    assert SECRET not in visible_text(response)
    assert state == "hit"


def test_restricted_pages_are_never_stored(client, site, participant):
    assert client.get("/territoires/secret/").status_code == 404
    client.force_login(participant)
    response, state = get(client, "/territoires/secret/")
    assert response.status_code == 200 and state is None
    client.logout()
    response = client.get("/territoires/secret/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_cache_outage_gives_uncached_pages(client, site, monkeypatch, page_cache):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache injoignable")

    for method in ("get", "set", "add"):
        monkeypatch.setattr(page_cache, method, unreachable)
    response, state = get(client, "/territoires/")
    assert response.status_code == 200
    assert "Grenoble" in visible_text(response)
    assert state is None


def test_tracking_parameters_do_not_split_the_cache(client, site):
    first, state = get(client, "/territoires/?utm_source=lettre&utm_medium=courriel")
    assert state == "miss"
    for url in (
        "/territoires/?utm_source=reseau",
        "/territoires/?fbclid=abc123",
        "/territoires/",
        "/territoires/?UTM_Campaign=x&gclid=y",
    ):
        response, state = get(client, url)
        assert state == "hit", url
        assert response.content == first.content
    assert "utm_" not in first.content.decode()


def test_other_parameters_still_count_and_reach_the_page(client, site):
    get(client, "/ressources/?q=grenoble&utm_source=a")
    response, state = get(client, "/ressources/?q=grenoble")
    assert state == "hit"
    response, state = get(client, "/ressources/?q=emploi&utm_source=a")
    assert state == "miss"
    assert 'value="emploi"' in response.content.decode()


def test_a_new_release_does_not_serve_the_pages_of_the_previous_one(client, site, monkeypatch):
    """A deployment with a new stylesheet (a new hashed name) or template: the pages stored
    before it would name the old files until the next content change."""
    get(client, "/la-formation/")
    assert get(client, "/la-formation/")[1] == "hit"
    monkeypatch.setattr(page_cache_module, "release", lambda: "une-autre-version")
    assert get(client, "/la-formation/")[1] == "miss"


def test_the_release_follows_the_static_files_manifest(settings, tmp_path):
    release = page_cache_module.release
    settings.STATIC_ROOT = tmp_path
    release.cache_clear()
    before = release()
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.1.css"}}')
    release.cache_clear()
    assert release() != before
    release.cache_clear()


@pytest.fixture
def fragments_only(settings):
    """The pages themselves rendered each time; the menu and the footer shared."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def menu_secret(home_page, restrict_to_participants):
    secret = ContentPageFactory(
        parent=home_page, title="Espace des participants", slug="espace", show_in_menus=True
    )
    restrict_to_participants(secret)
    secret.save_revision().publish()
    return secret


def menu_and_footer(response):
    html = response.content.decode()
    start = html.index('<nav class="main-nav"')
    return (
        html[start : html.index("</nav>", start)]
        + html[html.index('<footer class="site-footer"') :]
    )


def test_shared_fragments_are_kept_per_audience(
    fragments_only, site, menu_secret, participant, outsider
):
    """The participant's menu names their area; stored first, it reaches no one else: each
    audience has its own, whoever asks first."""
    from django.test import Client

    clients = {"participant": Client(), "outsider": Client(), "anonymous": Client()}
    clients["participant"].force_login(participant)
    clients["outsider"].force_login(outsider)
    for _round in range(2):
        for name, client in clients.items():
            response = client.get("/la-formation/")
            assert response.status_code == 200
            shown = "Espace des participants" in menu_and_footer(response)
            assert shown == (name == "participant"), name


def test_shared_fragments_follow_the_current_section_and_content_changes(
    fragments_only, client, site
):
    for name in ("about", "territories"):
        site[name].show_in_menus = True
        site[name].save_revision().publish()
    about = client.get("/la-formation/").content.decode()
    assert 'href="/la-formation/" aria-current="page"' in about
    territories = client.get("/territoires/grenoble/").content.decode()
    assert 'href="/la-formation/" aria-current="page"' not in territories
    assert 'href="/territoires/" class="is-active"' in territories
    page = site["about"]
    page.title = "La formation, renommée"
    page.save_revision().publish()
    assert "La formation, renommée" in menu_and_footer(client.get("/territoires/"))


def test_shared_fragments_spare_queries(fragments_only, client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get("/la-formation/")
    with CaptureQueriesContext(connection) as second:
        client.get("/la-formation/")
    assert len(second) < len(first)


def test_the_e_mail_news_bookkeeping_leaves_the_pages_stored(client, site, participant):
    """The scheduler notes every few minutes up to when each participant's news was checked:
    nothing a page shows, so no reason to render every page again."""
    from people.models import DigestPreference

    get(client, "/territoires/")
    preference, _created = DigestPreference.objects.get_or_create(user=participant)
    preference.save()
    assert get(client, "/territoires/")[1] == "hit"


def test_a_sessions_shared_documents_stay_with_their_audience(fragments_only, demo, participant):
    """A session page's documents by type and its territories' documents are shared per
    audience: the participant's, read first, hold working documents that no visitor may see;
    the visitor reads their own."""
    from django.test import Client

    from documents.models import Resource
    from sessions.models import SessionPage

    session = SessionPage.objects.get(number=1)
    restricted = Resource.objects.filter(session=session, released_at__isnull=False).exclude(
        collection__name="Ressources publiques"
    )
    assert restricted.exists()
    secret = restricted.first().title
    member = Client()
    member.force_login(participant)
    for _round in range(2):
        assert secret in visible_text(member.get(session.url))
        assert secret not in visible_text(Client().get(session.url))


def test_the_machines_file_cache_stores_pages_uncompressed_in_djangos_format(tmp_path):
    """Production's file cache (access.file_cache) writes zlib's stored blocks: a page is
    read without being decompressed, and Django's own file cache reads what it wrote (going
    back to it loses nothing)."""
    from django.core.cache.backends.filebased import FileBasedCache
    from django.http import HttpResponse

    from access.file_cache import UncompressedFileBasedCache

    ours = UncompressedFileBasedCache(str(tmp_path), {})
    page = HttpResponse("<p>Séance 1 : le diagnostic partagé.</p>" * 500)
    ours.set("page", page, 60)
    (stored,) = tmp_path.glob("*.djcache")
    assert stored.stat().st_size > len(page.content)  # not compressed
    for reader in (ours, FileBasedCache(str(tmp_path), {})):
        assert reader.get("page").content == page.content
    assert ours.touch("page", 120)
    assert ours.get("page").content == page.content


def test_the_machines_file_cache_counts_its_files_once_every_hundredth_of_its_size(
    tmp_path, monkeypatch
):
    """Django's file cache lists every file of its folder before each write, to know whether
    to cull: production's (access.file_cache) counts them once every MAX_ENTRIES // 100
    writes, and still culls as Django does."""
    from access.file_cache import UncompressedFileBasedCache

    ours = UncompressedFileBasedCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 300, "CULL_FREQUENCY": 3}}
    )
    counted = []
    list_files = ours._list_cache_files
    monkeypatch.setattr(ours, "_list_cache_files", lambda: counted.append(1) or list_files())
    for number in range(900):
        ours.set(f"page-{number}", "<p>Séance 1</p>", 60)
    assert len(counted) == 900 // 3  # once every third write
    stored = len(list(tmp_path.glob("*.djcache")))
    # At most MAX_ENTRIES and the writes between two counts; a third removed at each cull.
    assert 200 <= stored <= 300 + 3
    assert ours.get("page-899") == "<p>Séance 1</p>"
