"""Generate N published content pages, for measurement (never for the real site)."""

from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.models import Site

from demo.commands import DemoCommand
from home.models import ContentPage

PARENT_SLUG = "pages-de-mesure"


class Command(DemoCommand):
    help = "Crée N pages de contenu publiées (banc d’essai uniquement)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, count, **options):
        if count < 1:
            raise CommandError("Le nombre de pages doit être positif.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("Aucun site : lancez d’abord load_demo.")
        home = site.root_page
        parent = ContentPage.objects.child_of(home).filter(slug=PARENT_SLUG).first()
        if parent is None:
            parent = home.add_child(
                instance=ContentPage(
                    title="Pages de mesure", slug=PARENT_SLUG, first_published_at=timezone.now()
                )
            )
        existing = parent.get_children().count()
        now = timezone.now()
        for n in range(existing, existing + count):
            parent.add_child(
                instance=ContentPage(
                    title=f"Page de mesure {n}",
                    slug=f"page-{n}",
                    lead=f"Une page parmi d’autres, numéro {n}, pour mesurer le site.",
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            parent.refresh_from_db()
        self.stdout.write(f"{count} pages créées sous /{PARENT_SLUG}/.")
