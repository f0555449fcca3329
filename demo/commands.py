"""What the demonstration and measurement commands share: they refuse production settings,
and the e-mails their data would trigger are never sent."""

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

# Django's in-memory backend: messages go to `django.core.mail.outbox`, nowhere else.
HOLDING_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class DemoCommand(BaseCommand):
    """A command that writes demonstration or measurement data, or measures on them.

    With production settings it refuses unless run with --force (on a throwaway database for a
    benchmark, or a demonstration server); `production_refusal` says why in French.
    """

    production_refusal = (
        "Refusé avec les réglages de production : données de mesure "
        "(--force pour une base jetable de banc d’essai)."
    )
    force_help = "Accepter les réglages de production (banc d’essai sur une base jetable)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--force", action="store_true", help=self.force_help)
        return parser

    def execute(self, *args, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not options.get("force"):
            raise CommandError(self.production_refusal)
        # The demo submits a page for review, and Wagtail e-mails the (fictional) reviewers:
        # with a real server those messages would go to example.org, and with the console
        # backend of `make run` they were printed raw (MIME headers, encoded subjects) among
        # the command's output. They are kept in memory instead; held_mails() lists them.
        with override_settings(EMAIL_BACKEND=HOLDING_BACKEND):
            self._outbox_start = len(getattr(mail, "outbox", []))
            return super().execute(*args, **options)

    def held_mails(self):
        """The e-mails this command's data triggered, held instead of sent."""
        return getattr(mail, "outbox", [])[getattr(self, "_outbox_start", 0) :]
