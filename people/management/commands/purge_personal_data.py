"""Keep personal data no longer than the privacy page says: login records (address, browser,
time) for ACCESS_LOG_RETENTION_DAYS days, messages sent through the contact form (Wagtail's
form submissions) for CONTACT_RETENTION_DAYS days, sessions until they expire. Run it every day (cron or
a systemd timer, docs/deploiement.md); `make run` runs it at each start."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

from axes.models import AccessAttempt, AccessFailureLog, AccessLog


class Command(BaseCommand):
    help = (
        "Supprime les traces de connexion plus anciennes que ACCESS_LOG_RETENTION_DAYS jours, "
        "les messages du formulaire de contact plus anciens que CONTACT_RETENTION_DAYS jours "
        "et les sessions expirées."
    )

    def handle(self, *args, **options):
        days = settings.ACCESS_LOG_RETENTION_DAYS
        cutoff = timezone.now() - timedelta(days=days)
        deleted = sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
        )
        message_days = settings.CONTACT_RETENTION_DAYS
        messages, _by_model = FormSubmission.objects.filter(
            submit_time__lt=timezone.now() - timedelta(days=message_days)
        ).delete()
        call_command("clearsessions")
        self.stdout.write(
            f"{deleted} trace(s) de connexion de plus de {days} jours supprimée(s) ; "
            f"{messages} message(s) de contact de plus de {message_days} jours supprimé(s) ; "
            "sessions expirées supprimées."
        )
