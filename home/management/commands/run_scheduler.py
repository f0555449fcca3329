"""Run the site's periodic jobs (home.scheduler) until stopped (Ctrl+C, or SIGTERM from
systemd or from `make run` when the site stops)."""

import signal

from django.core.management.base import BaseCommand

from home.scheduler import JOBS, Scheduler


class Command(BaseCommand):
    help = (
        "Lance les tâches périodiques du site (publications programmées, purge des données "
        "personnelles…) jusqu’à l’arrêt ; --une-fois les lance toutes une fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--une-fois",
            action="store_true",
            dest="once",
            help="Lancer chaque tâche une fois, puis s’arrêter.",
        )

    def handle(self, *args, once=False, **options):
        scheduler = Scheduler(stdout=self.stdout)
        if once:
            scheduler.run_due()
            return
        for job in JOBS:
            self.stdout.write(f"Tâche périodique : {job.label} ({job.command}), {_every(job)}.")
        signal.signal(signal.SIGTERM, _stop)
        try:
            scheduler.forever()
        except KeyboardInterrupt:
            self.stdout.write("Tâches périodiques arrêtées.")


def _every(job):
    seconds = int(job.every.total_seconds())
    if seconds % 86400 == 0:
        return "chaque jour" if seconds == 86400 else f"tous les {seconds // 86400} jours"
    if seconds % 60 == 0:
        return "chaque minute" if seconds == 60 else f"toutes les {seconds // 60} minutes"
    return f"toutes les {seconds} secondes"


def _stop(signum, frame):
    raise KeyboardInterrupt
