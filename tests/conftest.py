import io
import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from access.roles import EDITORS_GROUP, PARTICIPANTS_GROUP, RESTRICTED_CONTENT_GROUPS
from home.factories import HomePageFactory
from people.factories import UserFactory

from . import snapshot

PARTICIPANTS = PARTICIPANTS_GROUP


def visible_text(response):
    """The page's text as a visitor reads it: tags dropped, French spaces and quotes folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    text = text.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')
    return re.sub(r"\s+", " ", text)


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(request, monkeypatch):
    """`Client.force_login` skips the password; here it skips the staff's second factor too,
    as a session that gave its code would (people.two_factor). Tests of the second factor
    itself (marked second_factor) log in without it."""
    if request.node.get_closest_marker("second_factor"):
        return
    from django.test import Client

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from people.two_factor import has_admin_access

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        # Only those who may open the admin have a device, as in real life: a participant's
        # session carries none, so their pages cost what they cost on the site.
        if not has_admin_access(user):
            return
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="Tests", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def privacy_with_the_caches_on(request, settings):
    """The privacy suites run as production does: the anonymous page cache and the shared
    fragments on (home.page_cache), so that a page or a fragment stored for one user never
    reaches another. A module may set its own page cache (tests/test_privacy_aliases.py runs
    with and without)."""
    if request.module.__name__.split(".")[-1].startswith("test_privacy"):
        settings.PAGE_CACHE_SECONDS = 300
        settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def caches_do_not_outlive_the_test():
    """A test's database rows are rolled back at its end; what Django's caches remember of
    them goes too (Wagtail's renditions and site paths, the page cache). Otherwise a later
    test could meet them: on SQLite, which gives a rolled-back row's id again, as its own."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def home_page(db):
    """A HomePage at the root of the default site, replacing Wagtail's placeholder page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    for child in root.get_children().exclude(pk=home.pk):
        child.delete()
    return home


def pytest_collection_modifyitems(items):
    """The demo fixture first, wherever a test names it (see `demo`)."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names and "demo" in names:
            names.remove("demo")
            names.insert(0, "demo")


@pytest.fixture(scope="session")
def demo_tables(django_db_setup, django_db_blocker):
    """The demo, built once per run (per worker with pytest-xdist) and kept aside
    (tests/snapshot.py); None on SQLite, where each test builds it."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            return None
        names = snapshot.tables()
        snapshot.copy(names, snapshot.BEFORE)
        call_command("load_demo", stdout=io.StringIO())
        snapshot.copy(names, snapshot.BUILT)
        with transaction.atomic():
            snapshot.restore(names, snapshot.BEFORE)
        snapshot.forget_caches()
    return names


@pytest.fixture
def demo(demo_tables, db):
    """The demo site, as `load_demo` builds it; returns its home page. Set up before the
    test's other fixtures (pytest_collection_modifyitems): putting it back empties the tables,
    so the users and logins those fixtures make must come after it. `demo_tables` comes before
    `db`: the snapshot is built outside the test's transaction."""
    if demo_tables is None:
        call_command("load_demo", stdout=io.StringIO())
    else:
        snapshot.restore(demo_tables, snapshot.BUILT)
        snapshot.forget_caches()
    yield Site.objects.get(is_default_site=True).root_page.specific
    if demo_tables is not None:
        snapshot.forget_caches()


@pytest.fixture
def participants_group(db):
    return Group.objects.get_or_create(name=PARTICIPANTS)[0]


@pytest.fixture
def restricted_groups(participants_group):
    """The groups a participants-only restriction names, as on the real site: the
    participants and the staff who prepare what is theirs."""
    return [Group.objects.get_or_create(name=name)[0] for name in RESTRICTED_CONTENT_GROUPS]


@pytest.fixture
def restrict_to_participants(restricted_groups):
    def restrict(page):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(*restricted_groups)
        return restriction

    return restrict


@pytest.fixture
def outsider(db):
    """Logged in, but not a participant."""
    return UserFactory(username="visiteur")


@pytest.fixture
def participant(participants_group):
    user = UserFactory(username="participante")
    user.groups.add(participants_group)
    return user


@pytest.fixture
def editor(db):
    """A member of the staff who writes the site: sees what participants see."""
    user = UserFactory(username="redactrice")
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


@pytest.fixture(params=["anonymous", "outsider", "participant", "editor"])
def audience(request, client):
    """Runs a test four times: anonymous, logged in non-participant, participant, editor."""
    if request.param != "anonymous":
        user = request.getfixturevalue(request.param)
        client.force_login(user)
    client.audience = request.param
    client.may_see_restricted = request.param in ("participant", "editor")
    return client


def team_member_account(territory_slug, username):
    """A participant's account for a person of this territory's team who has none yet (the
    demo's teams), with an address."""
    from territoires.models import TeamMember

    person = (
        TeamMember.objects.filter(territory__slug=territory_slug, person__user__isnull=True)
        .first()
        .person
    )
    account = UserFactory(username=username)
    account.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    person.user = account
    person.save()
    return account


def bulk_documents(count, prefix="Document synthétique", template=None, **fields):
    """Many documents at once, sharing the file of an existing one (for counts and budgets,
    not for their content)."""
    from documents.models import Resource

    template = template or Resource.objects.first()
    # Released (documents.release), as the documents of a published site are.
    values = {"kind": "document_reference", "released_at": timezone.now(), **fields}
    return Resource.objects.bulk_create(
        Resource(
            title=f"{prefix} {n:04d}",
            file=template.file.name,
            collection=template.collection,
            file_size=1234,
            file_hash=f"{n:040d}",
            extracted_hash=f"{n:040d}",
            file_format="pdf",
            **values,
        )
        for n in range(count)
    )


def rebuild_demo():
    """The demo in a transactional test: a previous one's flush removed Wagtail's roots."""
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code="fr")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Toutes les pages", slug="root", locale=Locale.objects.first())
        )
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Toutes les collections")
    call_command("setup_roles", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def private_root(settings, tmp_path):
    """A private folder of this test's own: the run's one holds every other test's files, the
    demo's among them (written once for the snapshot)."""
    from documents.storage import reset_private_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    reset_private_storage()
    yield settings.PRIVATE_MEDIA_ROOT
    reset_private_storage()
