"""Create or repair the site's groups, their permissions and the editorial workflow."""

from django.core.management.base import BaseCommand

from access.roles import WORKFLOW_NAME, setup_roles


class Command(BaseCommand):
    help = "Crée ou répare les groupes, leurs droits et le circuit « Validation éditoriale »."

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(
            f"Rôles en place : {', '.join(groups)} ; circuit « {WORKFLOW_NAME} » sur tout le site."
        )
