"""Read every document's file again, then rebuild the search indexes; previews that no document
names any more (left by versions that did not delete them) are deleted."""

import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from documents.models import Resource
from documents.pipeline import ingest

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Extrait de nouveau le texte de tous les documents et reconstruit les index de recherche."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-index-wagtail",
            action="store_true",
            dest="skip_wagtail_index",
            help="Ne pas reconstruire l’index de recherche de Wagtail (pages et documents).",
        )

    def handle(self, *args, skip_wagtail_index=False, **options):
        ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
        total = len(ids)
        failed = 0
        for done, pk in enumerate(ids, start=1):
            document = Resource.objects.filter(pk=pk).first()
            if document is not None and document.file:
                try:
                    ingest(document, read_again=True)
                except OSError as error:  # a file missing from storage: say so, go on
                    failed += 1
                    self.stderr.write(f"\n{document.title} : fichier illisible ({error}).")
            self._progress(done, total)
        if total:
            sys.stderr.write("\n")
        if not skip_wagtail_index:
            call_command("wagtail_update_index", verbosity=0)
        orphans = self._delete_orphan_previews()
        self.stdout.write(
            f"{total} document(s) analysé(s), {failed} en erreur ; index de recherche reconstruits ;"
            f" {orphans} aperçu(s) orphelin(s) supprimé(s)."
        )

    def _delete_orphan_previews(self):
        storage = Resource._meta.get_field("preview").storage
        folder = Resource._meta.get_field("preview").upload_to
        try:
            _folders, names = storage.listdir(folder)
        except FileNotFoundError:
            return 0
        named = set(Resource.objects.exclude(preview="").values_list("preview", flat=True))
        orphans = [f"{folder}/{name}" for name in names if f"{folder}/{name}" not in named]
        for name in orphans:
            storage.delete(name)
        return len(orphans)

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending=""
        )
        self.stderr.flush()
