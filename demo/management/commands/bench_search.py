"""Time the library (facets plus text) and the site search, in process, and print figures.

Measures the application and database only (Django's test client, no HTTP server): the
figures compare changes to the code, the indexes and the number of documents, not a
deployment. Run with the settings production runs with (scripts/bench-library.sh: production
settings, the whole-page cache off so that every request is computed): the values shared per
audience (access.shared, FRAGMENT_CACHE_SECONDS) are kept as production keeps them, and said.

A search with words is rarely the same as the previous visitor's: each request of a case with
words asks for other words (a fixed list, the same at every size), so that its counts are
computed, never read from what the previous request left. Without words, the library is the
same for every visitor of an audience until the content changes: it is measured as
production serves it (its counts shared) and, on another line, as the first visitor after a
change pays it (nothing shared).
"""

import os
import statistics
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils.http import urlencode

from access.generation import new_generation, seconds
from demo.commands import DemoCommand
from demo.management.commands.generate_documents import WORDS
from documents.models import Resource

# Words of the domain, alone or two by two (a few pairs, as visitors type them): drawn in this
# order, the same at every size so that the figures compare.
QUERIES = [
    *WORDS[:30],
    "commerce proximité",
    "développement économique",
    "emploi insertion",
    "quartier prioritaire",
    "économie sociale",
    "création entreprise",
    "centre commercial",
    "porteur projet",
    "locaux vacants",
    "zone industrielle",
]
WARM_UP = "clause"  # not among the measured words


def library(words=None, **facets):
    params = {"q": words, **facets} if words else facets
    return "/ressources/" + (f"?{urlencode(params)}" if params else "")


def site_search(words):
    return f"/recherche/?{urlencode({'q': words})}"


# (label, address for these words, whether nothing is shared).
CASES = [
    ("bibliothèque, sans mots", lambda words: library(), False),
    ("bibliothèque, sans mots, rien partagé", lambda words: library(), True),
    ("bibliothèque, facettes seules", lambda words: library(type="synthese", annee="2014"), False),
    ("bibliothèque, mots", library, False),
    (
        "bibliothèque, mots + 2 facettes",
        lambda words: library(words, seance="3", format="pdf"),
        False,
    ),
    ("recherche du site", site_search, False),
]


def percentile(timings, share):
    ordered = sorted(timings)
    return ordered[max(0, round(share * len(ordered)) - 1)]


class Command(DemoCommand):
    help = "Mesure les temps de réponse de la bibliothèque et de la recherche (p50, p95)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30, help="requêtes par cas et tour")
        parser.add_argument("--rounds", type=int, default=3, help="tours (médiane des tours)")

    def handle(self, *args, repeat, rounds, **options):
        if repeat > len(QUERIES):
            raise CommandError(f"Au plus {len(QUERIES)} requêtes par cas (mots différents).")
        # DEBUG would record every query in memory and slow every request.
        settings.DEBUG = False
        client = Client(HTTP_HOST="localhost")
        documents = Resource.objects.count()
        page_cache = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        self.stdout.write(
            f"Base : {connection.vendor}, {documents} documents ; réglages "
            f"{os.environ.get('DJANGO_SETTINGS_MODULE', '?')}, PAGE_CACHE_SECONDS={page_cache}, "
            f"FRAGMENT_CACHE_SECONDS={seconds()} ; {rounds} tours de {repeat} requêtes par cas "
            "(client de test Django, sans serveur HTTP) ; charge : " + load()
        )
        if page_cache:
            self.stderr.write("Cache des pages actif : les pages mesurées viendraient du cache.")
        results = {label: [] for label, _url, _cold in CASES}
        for _round in range(rounds):
            new_generation()  # the words' counts of a previous round are not reused
            for label, url, cold in CASES:
                with override_settings(FRAGMENT_CACHE_SECONDS=0 if cold else seconds()):
                    self.get(client, url(WARM_UP))  # the menu, the connection…
                    timings, cpu = [], []
                    for n in range(repeat):
                        start, start_cpu = time.perf_counter(), time.process_time()
                        self.get(client, url(QUERIES[n]))
                        timings.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - start_cpu) * 1000)
                results[label].append(
                    (statistics.median(timings), percentile(timings, 0.95), statistics.median(cpu))
                )
        self.stdout.write(
            f"{'cas':<40} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}   (médianes des tours)"
        )
        for label, figures in results.items():
            p50, p95, cpu = (statistics.median(column) for column in zip(*figures, strict=True))
            self.stdout.write(f"{label:<40} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f}")
        self.stdout.write("Charge à la fin : " + load())

    def get(self, client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} a répondu {response.status_code}")


def load():
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "inconnue"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"
