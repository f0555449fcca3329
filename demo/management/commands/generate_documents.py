"""Generate N synthetic documents with text, for measurement (never for the real site).

They do not go through the document pipeline (documents.pipeline), on purpose: their text is
made up rather than read from a file (they share one placeholder file), and thousands of rows
go in by bulk_create, their search vectors in one UPDATE weighed as the pipeline weighs them
(title, then description, then text), without the metadata's words."""

import random

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from demo.commands import DemoCommand
from documents.collections import default_private_collection, public_collection
from documents.models import Resource
from editorial.models import Theme
from sessions.models import SessionPage
from territoires.models import TerritoryPage

WORDS = [
    "développement",
    "économique",
    "urbain",
    "quartier",
    "prioritaire",
    "emploi",
    "insertion",
    "commerce",
    "proximité",
    "entreprise",
    "création",
    "activité",
    "habitants",
    "territoire",
    "stratégie",
    "contrat",
    "ville",
    "politique",
    "formation",
    "action",
    "enjeu",
    "levier",
    "partenariat",
    "agglomération",
    "service",
    "diagnostic",
    "mobilité",
    "jeunes",
    "artisanat",
    "locaux",
    "vacants",
    "rénovation",
    "chantier",
    "clause",
    "économie",
    "sociale",
    "solidaire",
    "centre",
    "commercial",
    "zone",
    "industrielle",
    "recrutement",
    "métiers",
    "accompagnement",
    "porteur",
    "projet",
]
BATCH = 500
VOCABULARY_SIZE = 4000


def vocabulary(rng):
    """The domain's words first, then made-up words: a long tail, as in real documents."""
    syllables = [
        "ba",
        "be",
        "bi",
        "bo",
        "bu",
        "ca",
        "ce",
        "ci",
        "co",
        "da",
        "de",
        "di",
        "do",
        "fa",
        "fe",
        "fi",
        "la",
        "le",
        "li",
        "lo",
        "ma",
        "me",
        "mi",
        "mo",
        "na",
        "ne",
        "ni",
        "no",
        "pa",
        "pe",
        "pi",
        "po",
        "ra",
        "re",
        "ri",
        "ro",
        "sa",
        "se",
        "si",
        "so",
        "ta",
        "te",
        "ti",
        "to",
        "va",
        "ve",
        "vi",
    ]
    words = list(WORDS)
    while len(words) < VOCABULARY_SIZE:
        words.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return words


def zipf_weights(size):
    # Word frequencies in text follow Zipf's law: the n-th word is about 1/n as frequent.
    return [1 / rank for rank in range(1, size + 1)]


class Command(DemoCommand):
    help = "Crée N documents synthétiques (texte compris) pour les mesures de performance."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=2014)

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("Le nombre de documents doit être positif.")
        rng = random.Random(seed)
        words = vocabulary(rng)
        rng.shuffle(words)  # the domain's words land anywhere in the frequency ranking
        weights = zipf_weights(len(words))
        sessions = list(SessionPage.objects.all())
        territories = list(TerritoryPage.objects.all())
        themes = list(Theme.objects.all())
        collections = [public_collection(), public_collection(), default_private_collection()]
        holder = Resource(title="Fichier de mesure", collection=collections[0])
        holder.file.save("mesure.pdf", ContentFile(b"%PDF-1.4 mesure"), save=False)
        kinds = Resource.Kind.values
        created = 0
        released_at = timezone.now()
        with transaction.atomic():
            while created < count:
                size = min(BATCH, count - created)
                batch = []
                for n in range(created, created + size):
                    text = " ".join(rng.choices(words, weights, k=rng.randint(200, 1500)))
                    batch.append(
                        Resource(
                            title=f"Document de mesure {n} : {' '.join(rng.sample(WORDS, 4))}",
                            file=holder.file.name,
                            collection=rng.choice(collections),
                            kind=rng.choice(kinds),
                            description=" ".join(rng.sample(WORDS, 12)),
                            document_date=f"2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            session=rng.choice(sessions)
                            if sessions and rng.random() < 0.7
                            else None,
                            extracted_text=text,
                            text_status=Resource.TextStatus.INDEXED,
                            file_size=rng.randint(10_000, 3_000_000),
                            file_hash=f"{n:040x}",
                            extracted_hash=f"{n:040x}",
                            file_format=rng.choice(["pdf", "pdf", "pdf", "docx", "odt"]),
                            original_filename=f"mesure-{n}.pdf",
                            # Published resources, as the demo's (documents.release).
                            released_at=released_at,
                        )
                    )
                objects = Resource.objects.bulk_create(batch)
                through_t = Resource.territories.through
                through_th = Resource.themes.through
                through_t.objects.bulk_create(
                    through_t(resource_id=o.pk, territorypage_id=t.pk)
                    for o in objects
                    for t in rng.sample(territories, min(len(territories), rng.randint(0, 2)))
                )
                through_th.objects.bulk_create(
                    through_th(resource_id=o.pk, theme_id=t.pk)
                    for o in objects
                    for t in rng.sample(themes, min(len(themes), rng.randint(0, 2)))
                )
                created += size
                self.stderr.write(f"\r{created}/{count}", ending="")
            self.stderr.write("")
            if connection.vendor == "postgresql":
                config = settings.DOCUMENT_SEARCH_CONFIG
                head = SearchVector("title", weight="A", config=config) + SearchVector(
                    "description", weight="B", config=config
                )
                Resource.objects.filter(title__startswith="Document de mesure").update(
                    head_vector=head,
                    search_vector=head + SearchVector("extracted_text", weight="C", config=config),
                )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE documents_resource")
        self.stdout.write(f"{count} documents de mesure créés.")
