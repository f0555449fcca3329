"""The site's periodic jobs, and the scheduler that runs them (manage.py run_scheduler).

One process, beside the web server: `make run` starts it and restarts it if it stops
(scripts/run.sh); in production a systemd service does (docs/deploiement.md). Each job is a
management command, run in this process when it is due, one after the other; a job that fails
is logged (and mailed to ADMINS) and runs again at its next time, without stopping the others.

A job added here runs everywhere the site runs: nothing to add to a crontab.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import connections

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    label: str  # what the log says, in French


JOBS = (
    # Pages and snippets approved for a date: published (and unpublished at their expiry date)
    # within a minute of it. Wagtail's own command.
    Job("publish_scheduled", timedelta(minutes=1), "publications et retraits programmés"),
    # What the privacy page promises (people.management.commands.purge_personal_data).
    Job("purge_personal_data", timedelta(days=1), "purge des données personnelles"),
    # The capitalisation booklets (home.booklet), made again when the public content changed:
    # a fingerprint of a few queries each minute, a few seconds of WeasyPrint when it did.
    Job("build_booklets", timedelta(minutes=1), "livrets PDF de la capitalisation"),
    # The participants' news by e-mail (home.digest): those who chose « à chaque nouveauté »
    # hear within five minutes; the weekly ones when their week is over.
    Job("send_digests", timedelta(minutes=5), "courriels de nouveautés des participants"),
    # The text of the participants' deposits, read after their answer (documents.deposits):
    # a thread of the web process reads it at once; this reads what a restart left.
    Job("read_deposits", timedelta(minutes=1), "lecture du texte des dépôts"),
)


def refresh_connections():
    """A long-lived process: a connection the database closed (a restart) is replaced, as
    Django does around each request; never one inside a transaction (a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class Scheduler:
    """Runs each job when it is due: every job at the start, then every `job.every`.

    `clock` gives seconds (monotonic: a change of the system's time neither skips nor repeats
    a job); `run` runs a job's command. Both are arguments so that tests drive time."""

    def __init__(self, jobs=JOBS, clock=time.monotonic, run=None, stdout=None):
        self.jobs = jobs
        self.clock = clock
        self.run = run or self._call
        self.stdout = stdout
        self.due = dict.fromkeys(jobs, clock())

    def _call(self, job):
        call_command(job.command, stdout=self.stdout, verbosity=0)

    def run_due(self):
        """Run the jobs that are due, in their order; return how many ran."""
        ran = 0
        for job in self.jobs:
            now = self.clock()
            if now < self.due[job]:
                continue
            self.due[job] = now + job.every.total_seconds()
            refresh_connections()
            try:
                self.run(job)
            except Exception:
                logger.exception("Tâche périodique en échec : %s (%s)", job.label, job.command)
            finally:
                refresh_connections()
            ran += 1
        return ran

    def seconds_to_next(self):
        return max(0.0, min(self.due.values()) - self.clock())

    def forever(self, sleep=time.sleep):
        while True:
            self.run_due()
            sleep(min(self.seconds_to_next(), 60.0))
