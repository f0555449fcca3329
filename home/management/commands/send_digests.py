"""Send the e-mail news of the participants' area to those who are due (home.digest): each
week by default, at each new item for those who chose it. A scheduler job (home.scheduler)
runs it every few minutes; it sends nothing to whoever has nothing new."""

from django.core.management.base import BaseCommand

from home import digest


class Command(BaseCommand):
    help = (
        "Envoie les courriels de nouveautés de l’espace participants à ceux dont c’est le "
        "moment (chaque semaine, ou à chaque nouveauté), nommant seulement ce que chacun peut "
        "voir."
    )

    def handle(self, *args, **options):
        sent = digest.send_digests()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Courriels de nouveautés envoyés\u00a0: {sent}."
                if sent
                else "Aucun courriel de nouveautés à envoyer."
            )
