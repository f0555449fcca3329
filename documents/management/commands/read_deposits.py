"""Read the text of the participants' deposits still waiting for it (documents.deposits): a job
of the site's scheduler (home.scheduler), for what the web process's thread left."""

from django.core.management.base import BaseCommand

from documents.deposits import read_waiting_texts


class Command(BaseCommand):
    help = "Lit le texte des dépôts des participants qui attendent encore sa lecture."

    def handle(self, *args, **options):
        read = read_waiting_texts()
        if options["verbosity"] > 1 or read:
            self.stdout.write(f"{read} dépôt(s) lu(s).")
