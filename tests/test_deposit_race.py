"""Two deposits at once by the same participant (issue 19, point 1: the quota): each one's
form checks the quota before the other is stored, so both pass it; the deposit itself checks
again under a lock (documents.deposits.hold_quotas), and the second one is refused with the
quota's French message, its file removed. Real threads and connections on PostgreSQL: the
test needs committed transactions, hence the transactional database and the demo rebuilt."""

import threading
import time

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

import pytest

from documents import deposits
from documents.forms import DepositForm
from documents.models import Deposit
from sessions.models import SessionPage
from territoires.models import TerritoryPage

from .conftest import rebuild_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each file fits the 1 MB quota alone; the two together do not.
TEXT = "Développement économique urbain.\n".encode() * 20_000  # 0.7 MB
WAIT = 60  # seconds: only a broken test waits that long


@pytest.fixture
def world(transactional_db, settings):
    rebuild_demo()
    settings.DEPOSIT_QUOTA_PER_PARTICIPANT_MB = 1
    return get_user_model().objects.get(username="participant")


def someone_waits_for_a_lock():
    """Whether a connection of this database waits for a row lock (PostgreSQL's view)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_two_deposits_at_once_cannot_both_pass_the_quota(world, private_root, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (row locks between connections).")
    user = world
    grenoble = TerritoryPage.objects.get(slug="grenoble")
    first_inside, release_first = threading.Event(), threading.Event()
    real_ingest = deposits.ingest

    def ingest(document, *args, **kwargs):
        # The first deposit stops once its quota is checked, before its row is written:
        # the moment the second one comes in.
        if threading.current_thread().name == "premier":
            first_inside.set()
            release_first.wait(WAIT)
        return real_ingest(document, *args, **kwargs)

    monkeypatch.setattr(deposits, "ingest", ingest)
    outcomes = {}

    def deposit(title):
        try:
            form = DepositForm(
                {"title": title, "kind": "document_travail", "territory": grenoble.pk},
                {"file": SimpleUploadedFile(f"{title}.txt", TEXT)},
                user=user,
                territories=TerritoryPage.objects.filter(pk=grenoble.pk),
                sessions=SessionPage.objects.none(),
            )
            if not form.is_valid():
                outcomes[title] = ("form", form.errors.as_text())
                return
            # As the view does: no transaction around it (ATOMIC_REQUESTS is off).
            deposits.deposit(form, user)
            outcomes[title] = ("stored", "")
        except deposits.OverQuota as over:
            outcomes[title] = ("refused", str(over))
        finally:
            connections.close_all()

    first = threading.Thread(target=deposit, args=("premier",), name="premier")
    second = threading.Thread(target=deposit, args=("second",), name="second")
    first.start()
    assert first_inside.wait(WAIT)
    second.start()
    # The second either waits for the first one's lock (then the first goes on) or, were
    # nothing held, finishes on its own.
    deadline = time.monotonic() + WAIT
    while second.is_alive() and not someone_waits_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    release_first.set()
    first.join(WAIT)
    second.join(WAIT)

    assert outcomes["premier"] == ("stored", "")
    state, message = outcomes["second"]
    assert state == "refused", outcomes
    assert "dépasse votre quota" in message and "Rien n’a été enregistré" in message
    assert list(
        Deposit.objects.filter(depositor=user).values_list("document__title", flat=True)
    ) == ["premier"]
    # The refused one's file is removed: one file stored, the first one's.
    assert len([p for p in private_root.rglob("*") if p.is_file()]) == 1
