"""For staff who lost their authenticator app and their recovery codes: their second factor is
removed; at their next login to the admin they enrol again (required) or go in (optional)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Supprime la double authentification d’un compte (application et codes de secours)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="identifiant du compte")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Aucun compte « {username} ».")
        removed = sum(
            model.objects.filter(user=user).delete()[0] for model in (TOTPDevice, StaticDevice)
        )
        self.stdout.write(
            f"Double authentification de « {username} » supprimée ({removed} élément(s)) : "
            "elle sera demandée de nouveau à sa prochaine connexion à l’administration si son "
            "rôle l’exige."
        )
