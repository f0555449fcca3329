"""Keep personal data no longer than the privacy page says: login records (address, browser,
time) for ACCESS_LOG_RETENTION_DAYS days, sessions until they expire. Run it every day (cron or
a systemd timer, docs/deploiement.md); `make run` runs it at each start."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from axes.models import AccessAttempt, AccessFailureLog, AccessLog


class Command(BaseCommand):
    help = (
        "Supprime les traces de connexion plus anciennes que ACCESS_LOG_RETENTION_DAYS jours "
        "et les sessions expirées."
    )

    def handle(self, *args, **options):
        days = settings.ACCESS_LOG_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        deleted = sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
        )
        call_command("clearsessions")
        self.stdout.write(
            f"{deleted} trace(s) de connexion de plus de {days} jours supprimée(s) ; "
            "sessions expirées supprimées."
        )
