"""What public visitors get beyond the pages themselves: the home at a glance, previous /
next session, calendars, the Atom feed, metadata for search engines and sharing, the sitemap
and robots.txt. On the demo, as visitors find it."""

import datetime
import io
import itertools
import json
import math
import re
from zoneinfo import ZoneInfo

from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Site

import icalendar
import pytest
from PIL import Image as PILImage

from access.visibility import anyone, visible_documents
from documents import groups
from documents.models import Resource
from home.factories import ContentPageFactory
from sessions.models import SessionPage
from territoires.map import region_map
from territoires.models import TerritoryPage

from .conftest import bulk_documents, visible_text

pytestmark = pytest.mark.django_db

SEED_DATES = [
    datetime.date(2014, 3, 27),
    datetime.date(2014, 4, 24),
    datetime.date(2014, 5, 27),
    datetime.date(2014, 9, 18),
    datetime.date(2014, 11, 27),
]
PARIS = ZoneInfo("Europe/Paris")


def public_pages(client):
    """Every page listed in the sitemap, with its HTML."""
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = re.findall(r"<loc>http://[^/]+(/[^<]*)</loc>", sitemap)
    return {url: client.get(url).content.decode() for url in urls}


def test_home_at_a_glance(client, demo):
    response = client.get("/")
    text = visible_text(response)
    for figure in (
        "8 territoires volontaires",
        "5 séances de travail",
        "20 participants environ",
        "9 mois",
    ):
        assert figure in text
    resources = re.search(r"(\d+) ressources", text)
    assert resources and int(resources.group(1)) > 0
    html = response.content.decode()
    # The map: inline SVG, one link per territory, nothing loaded from another host.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'<a href="/territoires/[^"]+/"', svg)) == 8
    assert "http" not in svg
    # Coordinates are numbers as SVG reads them, whatever the locale (« 12,5 » is two values).
    coordinates = re.findall(r' c[xy]="([^"]+)"', svg)
    assert coordinates and all(re.fullmatch(r"\d+(\.\d+)?", value) for value in coordinates)
    assert "Carte schématique de la région Rhône-Alpes" in text


def test_previous_and_next_session(client, demo):
    sessions = list(SessionPage.objects.live().order_by("number"))
    text = visible_text(client.get(sessions[0].url))
    assert "Séance précédente" not in text
    assert f"Séance suivante {sessions[1].label} — {sessions[1].theme}" in text
    text = visible_text(client.get(sessions[2].url))
    assert f"Séance précédente {sessions[1].label}" in text
    assert f"Séance suivante {sessions[3].label}" in text


def test_the_sessions_calendar_has_the_five_whole_days_and_the_place(client, demo):
    """The source says « 5 journées complètes » and no times: without times entered by an
    editor each session is a whole day (DTSTART;VALUE=DATE), never the 9 h 30 of the
    demo's invented programme."""
    response = client.get("/sessions/calendrier.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"DTSTART;VALUE=DATE:20140327" in response.content
    assert b"T0930" not in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    starts = [event.decoded("dtstart") for event in events]
    assert starts == SEED_DATES  # dates, not date-times
    for start, event in zip(starts, events, strict=True):
        assert type(start) is datetime.date
        assert event.decoded("dtend") == start + datetime.timedelta(days=1)
        assert "La Verrière des Cordeliers" in str(event["location"])
        assert "Sainte-Colombe" in str(event["location"])
    assert len({str(event["uid"]) for event in events}) == 5


def test_times_entered_by_an_editor_are_paris_times_in_the_calendar(client, demo):
    session = SessionPage.objects.get(number=1)
    session.start_time, session.end_time = datetime.time(9), datetime.time(17)
    session.save_revision().publish()
    response = client.get(session.url + "calendrier.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime.datetime(2014, 3, 27, 9, tzinfo=PARIS)
    assert end == datetime.datetime(2014, 3, 27, 17, tzinfo=PARIS)
    # Wall-clock times in France: 9 h in March is 8 h UTC (winter time).
    assert start.tzinfo.key == "Europe/Paris"
    assert start.astimezone(datetime.UTC).hour == 8
    calendar = icalendar.Calendar.from_ical(response.content)
    assert {component.name for component in calendar.subcomponents} >= {"VTIMEZONE"}


def test_invented_themes_are_not_calendar_names_and_their_summaries_say_so(client, demo):
    session = SessionPage.objects.get(number=2)
    assert session.theme_example
    response = client.get(session.url + "calendrier.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Séance 2 — 24 avril 2014"
    assert str(event["description"]).startswith("Contenu d’exemple")
    # Once an editor vouches for the theme, it names the session.
    session.theme_example = False
    session.save_revision().publish()
    response = client.get(session.url + "calendrier.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == f"Séance 2 — {session.theme}"
    assert str(event["description"]) == session.summary


def test_one_sessions_calendar(client, demo):
    session = SessionPage.objects.get(number=4)
    page = client.get(session.url).content.decode()
    assert f'href="{session.url}calendrier.ics"' in page
    response = client.get(session.url + "calendrier.ics")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert [event.decoded("dtstart") for event in events] == [SEED_DATES[3]]
    assert 'filename="seance-4-formation-deu-2014.ics"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    "url",
    [
        "/sessions/inconnue/calendrier.ics",
        "/territoires/calendrier.ics",
        "/territoires/grenoble/calendrier.ics",
        "/ressources/calendrier.ics",
        "/inexistant/calendrier.ics",
        "/calendrier.ics",
        "/sessions/calendrier.ics/",
        "/sessions/calendrier.ics.exe",
    ],
)
def test_a_calendar_of_something_else_or_unknown_is_not_found(client, demo, url):
    assert client.get(url).status_code == 404


def test_the_feed_is_announced_everywhere_and_lists_public_news(client, demo):
    for html in list(public_pages(client).values())[:5]:
        assert 'type="application/atom+xml"' in html
        assert 'href="/flux.xml"' in html
    body = client.get("/flux.xml").content.decode()
    assert body.count("<entry>") == 30
    assert "<title>Séance 1" in body or "Séance 1" in body
    assert "/documents/" in body  # public resources are in it too
    assert "espace-participants" not in body


def test_robots_and_sitemap(client, demo):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in robots.content.decode()
    # At the Site's address, as the sitemap's pages are (not the address asked for).
    site = Site.objects.get(is_default_site=True)
    assert f"Sitemap: {site.root_url}/sitemap.xml" in robots.content.decode()
    pages = public_pages(client)
    assert "/" in pages and "/sessions/" in pages and "/ressources/" in pages
    assert len([url for url in pages if url.startswith("/territoires/")]) == 9
    assert "/espace-participants/" not in pages


def test_every_public_page_has_its_own_title_description_and_canonical(client, demo):
    # Canonical addresses use the host of Wagtail's Site (set at deployment), not the request's.
    root = Site.objects.get(is_default_site=True).root_url
    titles, descriptions = {}, {}
    for url, html in public_pages(client).items():
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        description = re.search(r'<meta name="description" content="([^"]+)"', html).group(1)
        assert title not in titles, (url, titles.get(title))
        assert description not in descriptions, (url, descriptions.get(description))
        titles[title], descriptions[description] = url, url
        assert len(description) <= 160
        assert f'<link rel="canonical" href="{root}{url}">' in html
        assert '<meta property="og:image" content="http://testserver/static/' in html
        assert f'<meta property="og:url" content="{root}{url}">' in html


def test_the_canonical_address_drops_the_query_string(client, demo):
    root = Site.objects.get(is_default_site=True).root_url
    html = client.get("/ressources/?q=emploi&page=2").content.decode()
    assert f'<link rel="canonical" href="{root}/ressources/">' in html


def structured(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def test_schema_org_event_for_sessions_and_organizations_for_partners(client, demo):
    session = SessionPage.objects.get(number=1)
    (event,) = structured(client.get(session.url).content.decode())
    assert event["@type"] == "Event"
    # A whole day (no times entered), named without its invented theme, which is flagged.
    assert event["startDate"] == event["endDate"] == "2014-03-27"
    assert event["name"] == "Séance 1 — 27 mars 2014"
    assert event["description"].startswith("Contenu d’exemple")
    assert event["location"]["name"] == "La Verrière des Cordeliers"
    assert event["location"]["address"]["addressLocality"] == "Sainte-Colombe"
    (home,) = structured(client.get("/").content.decode())
    names = {organisation["alternateName"] for organisation in home["@graph"]}
    assert names == {"ARADEL", "CR•DSU"}


def test_schema_org_event_with_times_entered_by_an_editor(client, demo):
    session = SessionPage.objects.get(number=5)  # 27 November: winter time
    session.start_time, session.end_time = datetime.time(9, 30), datetime.time(16, 30)
    session.save_revision().publish()
    (event,) = structured(client.get(session.url).content.decode())
    assert event["startDate"] == "2014-11-27T09:30:00+01:00"
    assert event["endDate"] == "2014-11-27T16:30:00+01:00"


def test_json_ld_cannot_close_its_script_element(client, demo):
    session = SessionPage.objects.get(number=1)
    session.summary = "Fin </script><script>alert(1)</script>"
    session.theme_example = False
    session.save_revision().publish()
    html = client.get(session.url).content.decode()
    assert "</script><script>alert(1)" not in html
    (event,) = structured(html)
    assert event["description"] == "Fin </script><script>alert(1)</script>"


def test_the_maps_discs_never_overlap(demo):
    territories = list(TerritoryPage.objects.live().order_by("path"))
    drawn = region_map(territories)
    points = drawn["points"]
    assert len(points) == 8
    # Nor do their tap targets (a finger's size on a phone): a tap reaches one territory.
    assert drawn["hit_radius"] > drawn["radius"]
    for a, b in itertools.combinations(points, 2):
        assert math.dist((a.label_x, a.label_y), (b.label_x, b.label_y)) >= 2 * drawn["hit_radius"]
    for point in points:  # every disc stays inside the picture
        assert 0 <= point.label_x <= drawn["width"] and 0 <= point.label_y <= drawn["height"]


def test_the_accessibility_statement_follows_the_legal_model(client, demo):
    text = visible_text(client.get("/accessibilite/"))
    for part in (
        "non conforme",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "établie le 1er décembre 2026",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07",
    ):
        assert part in text, part


def test_images_in_a_page_come_in_webp_at_three_widths_and_load_lazily(client, home_page):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#1d4e5f").save(buffer, "PNG")
    image = Image.objects.create(
        title="Séance de travail", file=ImageFile(buffer, name="seance.png")
    )
    page = ContentPageFactory(
        parent=home_page,
        slug="avec-image",
        body=[("image", {"image": image, "alt_text": "Les participants en atelier"})],
    )
    html = client.get(page.url).content.decode()
    img = re.search(r"<img [^>]+>", html[html.index('class="figure"') :]).group(0)
    assert 'loading="lazy"' in img
    assert 'alt="Les participants en atelier"' in img
    widths = re.findall(r"\.webp (\d+)w", img)
    assert widths == ["400", "800", "1200"]
    # Renditions are served (production settings too: the route is not DEBUG-only).
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert src.startswith("/media/images/")
    rendition = client.get(src)
    assert rendition.status_code == 200
    assert rendition["Content-Type"] == "image/webp"
    assert "max-age=86400" in rendition["Cache-Control"]
    assert client.get("/media/original_images/seance.png").status_code == 404


def test_a_long_group_of_documents_goes_on_in_the_library(client, demo):
    session = SessionPage.objects.get(number=2)
    template = Resource.objects.filter(collection__name="Ressources publiques").first()
    bulk_documents(20, "Compte rendu d'atelier", template, kind="synthese", session=session)
    syntheses = visible_documents(
        Resource.objects.filter(session=session, kind="synthese"), anyone()
    ).count()
    assert syntheses >= 20
    html = client.get(session.url).content.decode()
    listed = html[html.index('id="page-documents"') :].split("</section>")[0]
    group = listed[listed.index('id="documents-synthese"') :]
    group = group[: group.index("</ul>")]
    assert group.count('class="document-group__item"') == groups.SHOWN
    assert f'Synthèses <span class="document-groups__count">({syntheses})</span>' in group
    # The group goes on in the library, filtered on the session and the type.
    more = re.search(rf'href="([^"]+)">Les {syntheses} synthèses dans la bibliothèque', listed)
    assert more.group(1) == "/ressources/?seance=2&amp;type=synthese"
    # And the whole list, at the session's stable address in the library.
    link = re.search(r'href="(/documents/seance-2/)">Tous ces documents', listed).group(1)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == "/ressources/?seance=2"
    library = visible_text(client.get(response["Location"]))
    assert "Compte rendu d'atelier" in library


def test_a_printed_page_says_where_it_came_from_and_of_when(client, demo):
    page = SessionPage.objects.get(number=1)
    html = client.get(page.url).content.decode()
    source = re.search(r'<p class="print-source">(.*?)</p>', html, flags=re.S).group(1)
    assert f"Source : http://testserver{page.url}" in source
    assert "version du " in source


def test_a_session_page_leads_with_its_theme_and_groups_its_documents_by_type(audience, demo):
    """Its heading is its theme, under « Séance 1 · date »; its documents come by type, the
    session's own first and the eight working documents last, counted as this user sees
    them (a visitor is told of no restricted document, not even by a count)."""
    session = SessionPage.objects.get(number=1)
    html = audience.get(session.url).content.decode()
    heading = re.search(r"<h1>(.*?)</h1>", html, flags=re.S).group(1)
    assert heading.startswith(session.theme) and "Séance" not in heading
    kicker = re.search(r'<p class="kicker">(.*?)</p>', html, flags=re.S).group(1)
    assert "Séance 1 ·" in kicker and "jeudi 27 mars 2014" in kicker
    # The demo's theme is an invented example: the window's title keeps the session's name.
    assert "<title>Séance 1 — 27 mars 2014 — Développement économique urbain</title>" in html

    listed = html[html.index('id="page-documents"') :].split("</section>")[0]
    kinds = re.findall(r'<h3 class="document-group__title" id="documents-([a-z-]+)">', listed)
    shown = listed.count('class="document-group__item"')
    public = ["programme", "compte-rendu", "support-formation"]
    if audience.may_see_restricted:
        assert kinds == [*public, "document-travail"]
        assert "Documents de travail <span" in listed
    else:
        assert kinds == public
        assert "Document de travail" not in html
    assert f'Documents <span class="document-groups__count">({shown})</span>' in listed
    assert f"Télécharger les {shown} documents (ZIP)" in listed


def test_a_session_whose_theme_is_not_invented_names_it_in_the_window_title(client, demo):
    session = SessionPage.objects.get(number=2)
    SessionPage.objects.filter(pk=session.pk).update(theme_example=False)
    html = client.get(session.url).content.decode()
    assert f"<title>Séance 2 — {session.theme} — Développement économique urbain</title>" in html


def test_sur_cette_page_leads_to_sections_that_exist(audience, demo):
    """Each link of a session's or territory's « Sur cette page » reaches a part of the page,
    for whoever reads it (a visitor's page has fewer documents, not a dead link)."""
    pages = [*SessionPage.objects.live(), *TerritoryPage.objects.live()]
    for page in pages:
        html = audience.get(page.url).content.decode()
        toc = re.search(r'<nav class="aside-box page-toc[^"]*".*?</nav>', html, flags=re.S).group(0)
        anchors = re.findall(r'href="#([^"]+)"', toc)
        assert len(anchors) >= 4, page.url
        for anchor in anchors:
            assert html.count(f'id="{anchor}"') == 1, (page.url, anchor)
