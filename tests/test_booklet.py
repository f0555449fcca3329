"""The capitalisation booklet (home.booklet): a tagged PDF of the public content, made in the
background and served from storage.

The demo's booklets are rendered once for this module (WeasyPrint takes seconds): the whole
one and Grenoble's as the demo stands, and the whole one again with a territory, a session and
a document restricted to participants. Their text is read back with pypdf. The tests of
storage, serving and regeneration use a stand-in renderer: they test what happens around the
PDF, not the PDF."""

import io
import re
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date

from wagtail.models import PageViewRestriction

import pypdf
import pytest

from access.roles import RESTRICTED_CONTENT_GROUPS
from access.visibility import anyone, group_restricted_collections, visible_documents
from capitalisation.models import CapitalisationPage
from demo import content as seed
from documents.models import Resource
from home import booklet
from home.models import Booklet
from home.scheduler import JOBS
from sessions.models import SessionPage
from territoires.models import KeyIssue, ShortTermAction, TerritoryPage

from . import snapshot
from .conftest import visible_text

# The module's fixture reads the database outside any test: pytest-django sets up the test
# database only for a run that has tests marked as using it.
pytestmark = pytest.mark.django_db

FIVE_DATES = [
    "27 mars 2014",
    "24 avril 2014",
    "27 mai 2014",
    "18 septembre 2014",
    "27 novembre 2014",
]


def normalise(text):
    """Text as the tests compare it: one kind of space and of apostrophe, lines joined."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("'", "’")
    return re.sub(r"\s+", " ", text).strip()


def squeezed(text):
    """Without any space: an address cut at the end of a line is found whole."""
    return re.sub(r"\s+", "", text)


def unhyphenated(text):
    return squeezed(text).replace("-", "").replace("\u2010", "")  # WeasyPrint's hyphen


def restrict(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(
        *[Group.objects.get_or_create(name=name)[0] for name in RESTRICTED_CONTENT_GROUPS]
    )


def render(territory=None):
    contents = booklet.compose(territory)
    return booklet.render_pdf(booklet.render_html(contents), contents.root_url + "/").pdf


def titles(model, territories):
    return [normalise(item.title) for item in model.objects.filter(territory__in=territories)]


def nested_bookmarks(outline):
    """The titles of every bookmark below the chapters (pypdf nests them in lists)."""
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += [e.title for e in entry if not isinstance(e, list)]
            titles += nested_bookmarks([e for e in entry if isinstance(e, list)])
    return titles


class Edition:
    """A rendered booklet: its PDF, reader and text."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.reader = pypdf.PdfReader(io.BytesIO(pdf))
        self.pages = [normalise(page.extract_text() or "") for page in self.reader.pages]
        self.text = " ".join(self.pages)


@pytest.fixture(scope="module")
def booklets(demo_tables, django_db_blocker):
    """The demo's booklets, rendered once, with what the tests expect of them (read from the
    database before it is put back)."""
    if demo_tables is None:
        pytest.skip("La démonstration partagée demande PostgreSQL.")
    found = {}
    with django_db_blocker.unblock():
        with transaction.atomic():
            snapshot.restore(demo_tables, snapshot.BUILT)
            snapshot.forget_caches()
            everyone = anyone()
            territories = list(TerritoryPage.visible_in(everyone))
            grenoble = TerritoryPage.objects.get(slug="grenoble")
            found["territories"] = [normalise(t.title) for t in territories]
            found["issues"] = titles(KeyIssue, territories)
            found["actions"] = titles(ShortTermAction, territories)
            found["grenoble_issues"] = titles(KeyIssue, [grenoble])
            found["other_issues"] = titles(KeyIssue, [t for t in territories if t != grenoble])
            documents = visible_documents(Resource.objects.all(), everyone)
            found["documents"] = [(normalise(d.title), d.url) for d in documents]
            found["grenoble_documents"] = [
                normalise(d.title) for d in documents.filter(territories=grenoble)
            ]
            found["whole"] = Edition(render())
            found["grenoble"] = Edition(render(grenoble))

            # A territory, a session and a document restricted to participants.
            restrict(grenoble)
            session = SessionPage.objects.get(number=3)
            restrict(session)
            document = documents.filter(kind=Resource.Kind.REFERENCE).order_by("title").first()
            Resource.objects.filter(pk=document.pk).update(
                collection=group_restricted_collections().first()
            )
            found["hidden_session"] = session
            found["hidden_document"] = (normalise(document.title), str(document.public_id))
            found["restricted"] = Edition(render())
            transaction.set_rollback(True)
        snapshot.forget_caches()
    return found


# What the demo's booklet holds


def test_the_booklet_holds_the_eight_territories_and_the_five_dates(booklets):
    whole = booklets["whole"]
    assert len(booklets["territories"]) == 8
    for name in booklets["territories"]:
        assert name in whole.text
    assert "8 territoires volontaires" in whole.text
    assert "5 séances de travail" in whole.text
    for date in FIVE_DATES:
        assert f"— {date}" in whole.text  # each session's heading, its date in French


def test_the_booklet_holds_every_public_key_issue_and_action(booklets):
    whole = booklets["whole"]
    assert len(booklets["issues"]) >= 16 and len(booklets["actions"]) >= 16
    for title in booklets["issues"] + booklets["actions"]:
        assert title in whole.text
    assert "Porteur : " in whole.text
    assert "Engagée" in whole.text and "Proposée" in whole.text  # the actions' states


def test_the_booklet_holds_every_fact_of_the_seed_document(booklets):
    text = booklets["whole"].text
    facts = [
        "ARADEL",
        "CR•DSU",
        seed.ARADEL_NAME,
        seed.CRDSU_NAME,
        "Un partenariat entre 2 centres de ressources régionaux",
        *seed.OBJECTIVES,
        "Le public cible",
        "un chef de projet (service DSU), un responsable emploi-insertion",
        "un développeur économique",
        "soit un groupe de 20 personnes environ",
        "8 territoires volontaires",
        "5 séances de travail (soit 5 journées complètes)",
        "9 mois",
        "27 mars, 24 avril, 27 mai, 18 septembre et 27 novembre 2014",
        "La Verrière des Cordeliers, à Sainte-Colombe (près de Vienne)",
        "Argos",
        "Michel Basset",
        *seed.PROCESS_STEPS,
        "Une plateforme collaborative a également été mise en place",
    ]
    # Long lines are hyphenated where they break: compared without spaces nor hyphens.
    whole = unhyphenated(text)
    missing = [fact for fact in facts if unhyphenated(normalise(fact)) not in whole]
    assert missing == []


def test_invented_content_is_flagged_as_on_the_site(booklets):
    whole = booklets["whole"]
    assert "Contenu d’exemple Les parties marquées ainsi sont des exemples plausibles" in (
        whole.text
    )
    # The sessions' invented themes carry the mark; the source's facts (place) do not.
    sessions = whole.text.split("Les séances", 2)[2].split("Le processus formatif")[0]
    assert sessions.count("Contenu d’exemple") == 5
    assert "Quartiers prioritaires Contenu d’exemple" in whole.text


def test_every_public_document_is_listed_with_its_address(booklets):
    whole = booklets["whole"]
    flat = squeezed(whole.text)
    assert booklets["documents"]
    for title, url in booklets["documents"]:
        assert title in whole.text
        assert squeezed(f"http://localhost{url}") in flat


def test_the_pdf_is_tagged_titled_in_french_with_bookmarks(booklets):
    reader = booklets["whole"].reader
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert normalise(reader.metadata.title).startswith("La capitalisation de la formation-action")
    assert reader.metadata.author == "ARADEL et CR•DSU"
    outline = reader.outline
    chapters = [entry.title for entry in outline if not isinstance(entry, list)]
    assert chapters[:2] == ["Sommaire", "La formation-action"]
    for chapter in ["Les séances", "Le processus formatif", "Les territoires"]:
        assert chapter in chapters
    assert chapters[-1] == "Ressources publiques"
    assert "Grenoble" in nested_bookmarks(outline)


def test_the_table_of_contents_gives_the_pages_where_chapters_start(booklets):
    whole = booklets["whole"]
    toc = whole.pages[1]
    assert toc.startswith("Sommaire")
    starts = {
        entry.title: whole.reader.get_destination_page_number(entry) + 1
        for entry in whole.reader.outline
        if not isinstance(entry, list)
    }
    for chapter in ["Les séances", "Les territoires", "Ressources publiques"]:
        number = re.search(re.escape(chapter) + r"[ .]*?(\d+)", toc).group(1)
        assert int(number) == starts[chapter]


def test_every_page_but_the_cover_has_running_headers_and_its_number(booklets):
    whole = booklets["whole"]
    count = len(whole.pages)
    assert count > 10
    assert "page" not in whole.pages[0]  # the cover
    for number, text in enumerate(whole.pages[1:], start=2):
        assert f"page {number} sur {count}" in text
        assert "Développement économique urbain · 2014" in text
    territories_page = next(p for p in whole.pages if "Type de territoire" in p)
    assert territories_page.startswith("Les territoires")  # the chapter, in the header


def test_a_territory_booklet_holds_its_own_content_only(booklets):
    grenoble = booklets["grenoble"]
    assert normalise(grenoble.reader.metadata.title).startswith("Livret du territoire : Grenoble")
    for title in booklets["grenoble_issues"]:
        assert title in grenoble.text
    for title in booklets["other_issues"]:
        assert title not in grenoble.text
    for title in booklets["grenoble_documents"]:
        assert title in grenoble.text
    assert "8 territoires volontaires" in grenoble.text
    for date in FIVE_DATES:
        assert date in grenoble.text


def test_restricted_content_is_neither_shown_counted_nor_named(booklets):
    restricted = booklets["restricted"]
    text, flat = restricted.text, squeezed(restricted.text)
    for title in booklets["grenoble_issues"]:
        assert title not in text
    assert "/territoires/grenoble/" not in flat
    assert "7 territoires volontaires" in text
    session = booklets["hidden_session"]
    # Its theme is not told (a public document's own title may quote it).
    assert f"Thème {normalise(session.theme)}" not in text
    assert "Séance 3 —" not in text and "/sessions/seance-3/" not in flat
    assert "Séance 3 ·" not in text  # its public documents do not name it
    assert "4 séances de travail" in text
    title, public_id = booklets["hidden_document"]
    assert title not in text and public_id not in flat
    assert f"{len(booklets['documents']) - 1} ressources publiques" in text
    assert "Grenoble" not in nested_bookmarks(restricted.reader.outline)
    assert "Annemasse" in nested_bookmarks(restricted.reader.outline)


# Storing, serving, regenerating (a stand-in renderer: no WeasyPrint)


def fake_pdf(label="A"):
    return b"%PDF-1.7\n% livret " + label.encode() + b"\n%%EOF\n"


@pytest.fixture
def stand_in_renderer(monkeypatch):
    """Each booklet rendered as a few bytes that name it; `calls` counts the renderings."""
    calls = []

    def render_pdf(html, base_url):
        calls.append(html)
        title = re.search(r"<title>(.*?) —", html).group(1)
        return booklet.Rendered(pdf=fake_pdf(f"{title} #{len(calls)}"), page_count=12)

    monkeypatch.setattr(booklet, "render_pdf", render_pdf)
    return calls


def make_booklet(slug="", label="A", generated_at=None, **fields):
    from django.core.files.base import ContentFile

    name = Booklet.file.field.storage.save(
        f"livrets/essai-{label}.pdf", ContentFile(fake_pdf(label))
    )
    return Booklet.objects.create(
        territory_slug=slug,
        title="Essai",
        file=name,
        generated_at=generated_at or timezone.now(),
        fingerprint="x",
        page_count=34,
        file_size=len(fake_pdf(label)),
        **fields,
    )


def test_build_makes_one_booklet_per_public_territory_then_only_when_content_changes(
    demo, private_root, stand_in_renderer
):
    out = io.StringIO()
    call_command("build_booklets", stdout=out)
    assert Booklet.objects.count() == 9
    assert len(stand_in_renderer) == 9
    assert "Livret généré : La capitalisation de la formation-action (12 pages" in out.getvalue()

    out = io.StringIO()
    call_command("build_booklets", stdout=out)
    assert len(stand_in_renderer) == 9  # nothing changed, nothing rendered
    assert "Livrets à jour" in out.getvalue()

    first = booklet.latest()
    restrict(TerritoryPage.objects.get(slug="grenoble"))
    call_command("build_booklets", stdout=io.StringIO())
    assert not Booklet.objects.filter(territory_slug="grenoble").exists()
    assert Booklet.objects.count() == 8
    current = booklet.latest()
    assert current.pk != first.pk
    # The replaced file is gone from storage, the current one is there.
    storage = Booklet.file.field.storage
    assert not storage.exists(first.file.name)
    assert storage.exists(current.file.name)
    assert len(list((private_root / "livrets").iterdir())) == 8


def fingerprint_after(change):
    before = booklet.fingerprint()
    change()
    return before != booklet.fingerprint()


def publish(page):
    page.save_revision().publish()


def test_the_fingerprint_sees_every_change_the_booklet_shows(demo, private_root):
    assert booklet.fingerprint() == booklet.fingerprint()
    grenoble = TerritoryPage.objects.get(slug="grenoble")

    def change_an_issue():
        issues = list(grenoble.key_issues.all())
        issues[0].title = "Un enjeu reformulé"
        grenoble.key_issues = issues
        publish(grenoble)

    def change_a_session():
        session = SessionPage.objects.get(number=2)
        session.theme = "Un thème précisé"
        publish(session)

    def change_a_synthesis():
        page = CapitalisationPage.objects.get()
        synthesis = page.syntheses.first()
        synthesis.body = "<p>Une synthèse revue.</p>"
        publish(page)

    def take_back_a_document():
        document = Resource.objects.filter(released_at__isnull=False).first()
        Resource.objects.filter(pk=document.pk).update(released_at=None)

    def move_a_document():
        document = Resource.objects.exclude(collection__in=group_restricted_collections()).first()
        Resource.objects.filter(pk=document.pk).update(
            collection=group_restricted_collections().first()
        )

    for change in (
        change_an_issue,
        change_a_session,
        change_a_synthesis,
        take_back_a_document,
        move_a_document,
        lambda: restrict(TerritoryPage.objects.get(slug="annemasse")),
        lambda: TerritoryPage.objects.get(slug="villeurbanne").unpublish(),
    ):
        assert fingerprint_after(change), change


def test_a_failed_generation_leaves_the_previous_booklet_served(
    demo, private_root, stand_in_renderer, monkeypatch, client
):
    call_command("build_booklets", stdout=io.StringIO())
    previous = booklet.latest()

    def broken(html, base_url):
        raise OSError("Pango introuvable")

    monkeypatch.setattr(booklet, "render_pdf", broken)
    with pytest.raises(Exception, match="Les précédents restent servis"):
        call_command("build_booklets", "--forcer", stdout=io.StringIO())
    assert booklet.latest().pk == previous.pk
    response = client.get("/capitalisation/livret.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == previous.file.open("rb").read()


def test_the_previous_booklet_is_served_while_the_next_is_being_made(
    demo, private_root, monkeypatch, client
):
    old = make_booklet(label="ancien", generated_at=timezone.now() - timedelta(days=1))
    served_meanwhile = []

    def slow_render(html, base_url):
        # A visitor asks while WeasyPrint works: the previous booklet, complete.
        response = client.get("/capitalisation/livret.pdf")
        served_meanwhile.append((response.status_code, b"".join(response.streaming_content)))
        return booklet.Rendered(pdf=fake_pdf("nouveau"), page_count=30)

    monkeypatch.setattr(booklet, "render_pdf", slow_render)
    booklet.build()
    assert served_meanwhile[0] == (200, fake_pdf("ancien"))
    response = client.get("/capitalisation/livret.pdf")
    assert b"".join(response.streaming_content) == fake_pdf("nouveau")
    assert not Booklet.objects.filter(pk=old.pk).exists()


def test_the_booklet_is_the_same_public_file_for_everyone(demo, private_root, audience):
    record = make_booklet(generated_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    record.shown_pages = [TerritoryPage.objects.get(slug="grenoble").pk]
    record.save()
    response = audience.get("/capitalisation/livret.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == fake_pdf("A")
    assert response["Last-Modified"] == http_date(record.generated_at.timestamp())
    assert "livret-capitalisation-formation-deu-2014.pdf" in response["Content-Disposition"]

    grenoble = make_booklet("grenoble", label="G")
    response = audience.get("/capitalisation/livret/grenoble.pdf")
    assert b"".join(response.streaming_content) == fake_pdf("G")

    # Restricted since: the stale booklet is served to no one, and the territory's own
    # address answers as an unknown one.
    restrict(TerritoryPage.objects.get(slug="grenoble"))
    response = audience.get("/capitalisation/livret.pdf")
    assert response.status_code == 503
    assert "Livret en cours de mise à jour" in visible_text(response)
    restricted = audience.get("/capitalisation/livret/grenoble.pdf")
    unknown = audience.get("/capitalisation/livret/nulle-part.pdf")
    assert restricted.status_code == unknown.status_code == 404
    assert visible_text(restricted) == visible_text(unknown)
    assert "Aucun livret à cette adresse" in visible_text(restricted)
    assert grenoble.pk  # still recorded: the next generation removes it


def test_a_booklet_asked_for_before_any_exists_gets_a_french_answer(demo, client):
    response = client.get("/capitalisation/livret.pdf")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Livret en préparation" in visible_text(response)
    assert "n’a pas encore été généré" in visible_text(response).replace("'", "’")
    response = client.get("/capitalisation/livret/grenoble.pdf")
    assert response.status_code == 503


def test_a_booklet_not_modified_since_answers_304(demo, private_root, client):
    record = make_booklet()
    response = client.get(
        "/capitalisation/livret.pdf",
        HTTP_IF_MODIFIED_SINCE=http_date(record.generated_at.timestamp() + 1),
    )
    assert response.status_code == 304


def test_the_capitalisation_and_territory_pages_link_their_booklet_with_its_date(
    demo, private_root, client
):
    page = client.get("/capitalisation/")
    assert "Livret PDF" not in visible_text(page)  # none yet: no link
    make_booklet(generated_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    make_booklet("grenoble", label="G")
    text = visible_text(client.get("/capitalisation/"))
    assert "Livret PDF de la capitalisation , 34 pages" in text
    assert "généré le 1er décembre 2026" in text
    assert 'href="/capitalisation/livret.pdf"' in client.get("/capitalisation/").content.decode()
    territory = client.get("/territoires/grenoble/").content.decode()
    assert 'href="/capitalisation/livret/grenoble.pdf"' in territory
    assert "Livret du territoire (PDF)" in territory
    other = client.get("/territoires/annemasse/").content.decode()
    assert "Livret du territoire" not in other  # none made for it yet


def test_the_scheduler_makes_the_booklets():
    assert "build_booklets" in [job.command for job in JOBS]
