"""Time the library (facets plus text) and the site search, in process, and print figures.

Measures the application and database only (Django's test client, no HTTP server): the
figures compare changes to the code and the indexes, not a deployment.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from demo.commands import DemoCommand
from documents.models import Resource

CASES = [
    ("bibliothèque, texte + facette", "/ressources/?q=commerce+proximité&type=fiche_action"),
    ("bibliothèque, texte + 2 facettes", "/ressources/?q=emploi&seance=3&format=pdf"),
    ("bibliothèque, facettes seules", "/ressources/?type=synthese&annee=2014"),
    ("recherche du site", "/recherche/?q=développement+économique"),
    ("recherche du site, mot rare", "/recherche/?q=artisanat"),
]


class Command(DemoCommand):
    help = "Mesure les temps de réponse de la bibliothèque et de la recherche (p50, p95)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30)

    def handle(self, *args, repeat, **options):
        # DEBUG would record every query in memory and slow every request.
        settings.DEBUG = False
        client = Client(HTTP_HOST="localhost")
        documents = Resource.objects.count()
        self.stdout.write(
            f"Base : {connection.vendor}, {documents} documents ; {repeat} requêtes par cas "
            "(client de test Django, sans serveur HTTP)."
        )
        self.stdout.write(f"{'cas':<36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for label, url in CASES:
            client.get(url)  # warm caches and connections
            timings = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url} a répondu {response.status_code}")
            timings.sort()
            p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
            self.stdout.write(
                f"{label:<36} {statistics.median(timings):>8.1f} {p95:>8.1f} {timings[-1]:>8.1f}"
            )
