"""Give the default Wagtail Site the address it is served at: page links in e-mails, feeds,
the sitemap and canonical addresses are built from its host name and port."""

import re
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Site

# A DNS name (labels of letters, digits and hyphens) or an IPv4 address; no scheme, no path.
HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def valid_hostname(value):
    value = value.strip().lower().rstrip(".")
    if not HOSTNAME.match(value):
        raise CommandError(
            f"« {value} » n’est pas un nom d’hôte : indiquez un nom comme "
            "formation.example.org ou une adresse comme 127.0.0.1, sans http:// ni chemin."
        )
    if value == "0.0.0.0":  # noqa: S104 - refused here, never bound
        raise CommandError(
            "0.0.0.0 est une adresse d’écoute, pas l’adresse du site : indiquez le nom ou "
            "l’adresse auxquels les visiteurs le joignent."
        )
    return value


def valid_port(value):
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 1 <= port <= 65535:
        raise CommandError(f"« {value} » n’est pas un port : indiquez un nombre de 1 à 65535.")
    return port


DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_url(value):
    """« https://formation.example.org » → (hostname, 443): the site's public address, as
    WAGTAILADMIN_BASE_URL gives it (https behind a proxy, say)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme not in DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise CommandError(
            f"« {value} » n’est pas l’adresse d’un site : indiquez par exemple "
            "https://formation.example.org ou http://127.0.0.1:8000, sans chemin."
        )
    return valid_hostname(parts.hostname), port or DEFAULT_PORTS[parts.scheme]


class Command(BaseCommand):
    help = (
        "Donne au site par défaut (Réglages › Sites) le nom d’hôte et le port auxquels il est "
        "servi : les liens des courriels, le plan du site, les flux et les adresses canoniques "
        "en dépendent."
    )

    def add_arguments(self, parser):
        address = parser.add_mutually_exclusive_group(required=True)
        address.add_argument(
            "--hostname",
            help="Nom d’hôte public, par exemple formation.example.org.",
        )
        address.add_argument(
            "--url",
            help="Adresse publique du site, par exemple https://formation.example.org (le port "
            "suit : 443 pour https, 80 pour http, sauf s’il est donné).",
        )
        parser.add_argument(
            "--port", default="80", help="Port public : 80 (http) ou 443 (https) ; 80 par défaut."
        )

    @transaction.atomic
    def handle(self, *args, hostname=None, port="80", url=None, **options):
        if url is not None:
            hostname, port = parse_url(url)
        else:
            hostname, port = valid_hostname(hostname or ""), valid_port(port)
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            raise CommandError(
                "Aucun site par défaut : créez-le dans Réglages › Sites (ou lancez load_demo)."
            )
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if clash is not None:
            raise CommandError(
                f"Le site « {clash} » a déjà l’adresse {hostname}:{port} : "
                "modifiez-le d’abord dans Réglages › Sites."
            )
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"Le site par défaut a déjà l’adresse {hostname}:{port}.")
            return
        site.hostname, site.port = hostname, port
        site.save()
        self.stdout.write(f"Adresse du site par défaut : {site.root_url}/")
