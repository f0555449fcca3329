"""Make the capitalisation booklets again when the public content changed (home.booklet):
one of the whole formation-action and one per public territory. A scheduler job
(home.scheduler) and `make run` call it; a visitor's request never does."""

from django.core.management.base import BaseCommand, CommandError

from home import booklet


class Command(BaseCommand):
    help = (
        "Génère les livrets PDF de la capitalisation (l’ensemble et un par territoire public) "
        "si le contenu public a changé depuis les derniers ; --forcer les génère tous."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forcer",
            action="store_true",
            dest="force",
            help="Générer tous les livrets, même si le contenu public n’a pas changé.",
        )

    def handle(self, *args, force=False, **options):
        outcome = booklet.build(force=force)
        if outcome.busy:
            self.stdout.write("Une autre génération des livrets est en cours : rien à faire.")
            return
        for made, seconds in outcome.made:
            self.stdout.write(
                f"Livret généré : {made.title} ({made.page_count} pages, "
                f"{made.file_size // 1024} Ko, {seconds:.1f} s)."
            )
        if outcome.removed:
            self.stdout.write(f"Livrets retirés (territoires non publics) : {outcome.removed}.")
        if not outcome.made and not outcome.failed:
            self.stdout.write("Livrets à jour : le contenu public n’a pas changé.")
        if outcome.failed:
            raise CommandError(
                "Livrets non générés : "
                + " ; ".join(f"{title} ({error})" for title, error in outcome.failed)
                + ". Les précédents restent servis."
            )
