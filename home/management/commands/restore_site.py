from django.core.management.base import BaseCommand, CommandError

from home.backup import restore_backup


class Command(BaseCommand):
    help = "Remplace la base, les documents et les images par le contenu d’une archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--oui", action="store_true", help="Confirmer : le contenu actuel sera remplacé."
        )

    def handle(self, archive, oui=False, **options):
        if not oui:
            raise CommandError(
                "La restauration remplace tout le contenu actuel : relancez avec --oui."
            )
        manifest = restore_backup(archive)
        self.stdout.write(f"Restauré depuis {archive} (sauvegarde du {manifest['created']}).")
