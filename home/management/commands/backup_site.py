from django.core.management.base import BaseCommand

from home.backup import create_backup


class Command(BaseCommand):
    help = "Écrit une archive de sauvegarde : base de données, documents et images."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Chemin de l’archive (.tar.gz).")

    def handle(self, archive=None, **options):
        path, manifest = create_backup(archive)
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Sauvegarde écrite : {path} (base + {files} fichiers).")
