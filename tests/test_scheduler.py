"""The periodic jobs (home.scheduler): scheduled publishing happens without anyone at the
keyboard, every job keeps its rhythm, and a failing job stops nothing."""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from home.factories import ContentPageFactory
from home.models import ContentPage
from home.scheduler import JOBS, Job, Scheduler

# The scheduler looks at the database connections around each job.
pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_every_job_runs_at_start_then_at_its_own_interval():
    clock, ran = Clock(), []
    scheduler = Scheduler(clock=clock, run=lambda job: ran.append(job.command))
    assert scheduler.run_due() == len(JOBS)
    assert ran == [
        "publish_scheduled",
        "purge_personal_data",
        "build_booklets",
        "send_digests",
        "read_deposits",
    ]
    ran.clear()
    clock.now += 59
    assert scheduler.run_due() == 0
    assert scheduler.seconds_to_next() == pytest.approx(1)
    clock.now += 1
    scheduler.run_due()
    assert ran == ["publish_scheduled", "build_booklets", "read_deposits"]
    for _minute in range(24 * 60):
        clock.now += 60
        scheduler.run_due()
    assert ran.count("purge_personal_data") == 1
    assert ran.count("publish_scheduled") == 1 + 24 * 60
    assert ran.count("send_digests") == 24 * 12  # every five minutes


def test_a_failing_job_is_logged_and_the_next_ones_still_run(caplog):
    jobs = (Job("a", timedelta(minutes=1), "tâche a"), Job("b", timedelta(minutes=1), "tâche b"))
    ran = []

    def run(job):
        if job.command == "a":
            raise RuntimeError("disque plein")
        ran.append(job.command)

    with caplog.at_level(logging.ERROR, logger="home.scheduler"):
        Scheduler(jobs, clock=Clock(), run=run).run_due()
    assert ran == ["b"]
    assert "Tâche périodique en échec : tâche a (a)" in caplog.text
    assert "disque plein" in caplog.text


def test_the_scheduler_sleeps_until_the_next_job_and_at_most_a_minute():
    clock, naps = Clock(), []

    class Stop(Exception):
        pass

    def sleep(seconds):
        naps.append(seconds)
        clock.now += seconds
        if len(naps) == 3:
            raise Stop

    jobs = (Job("a", timedelta(seconds=20), "a"), Job("b", timedelta(hours=1), "b"))
    with pytest.raises(Stop):
        Scheduler(jobs, clock=clock, run=lambda job: None).forever(sleep=sleep)
    assert naps == [20, 20, 20]


def test_a_change_approved_for_a_passed_time_goes_live_and_an_expired_page_goes(
    home_page, private_root
):
    waiting = ContentPageFactory(parent=home_page, title="Programme", slug="programme")
    waiting.title = "Programme de la séance 6"
    waiting.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    expired = ContentPageFactory(parent=home_page, title="Inscriptions", slug="inscriptions")
    ContentPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    assert ContentPage.objects.get(pk=waiting.pk).title == "Programme"

    call_command("run_scheduler", une_fois=True, stdout=io.StringIO())

    assert ContentPage.objects.get(pk=waiting.pk).title == "Programme de la séance 6"
    expired.refresh_from_db()
    assert not expired.live
    assert expired.expired
