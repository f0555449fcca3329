"""What the demonstration and measurement commands share: they refuse production settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


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
        return super().execute(*args, **options)
