"""The demo's own addresses work: once the Wagtail Site has the address the site is served at
(`make run` sets it from HOST and PORT, or from the public WAGTAILADMIN_BASE_URL), the sitemap,
robots.txt, canonical and Open Graph addresses and calendars all say it, never
http://localhost/."""

import io
import re

from django.core.management import CommandError, call_command

from wagtail.models import Site

import icalendar
import pytest

from sessions.models import SessionPage

pytestmark = pytest.mark.django_db

PUBLIC = "https://formation.example.org"


def set_address(**options):
    call_command("set_site_address", stdout=io.StringIO(), **options)
    return Site.objects.get(is_default_site=True)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://Formation.Example.org", ("formation.example.org", 443)),
        ("https://formation.example.org/", ("formation.example.org", 443)),
        ("http://127.0.0.1:18133", ("127.0.0.1", 18133)),
        ("http://localhost", ("localhost", 80)),
        ("https://formation.example.org:8443", ("formation.example.org", 8443)),
    ],
)
def test_the_site_takes_its_public_address(demo, url, address):
    site = set_address(url=url)
    assert (site.hostname, site.port) == address


@pytest.mark.parametrize(
    "url",
    [
        "formation.example.org",
        "ftp://formation.example.org",
        "https://formation.example.org/chemin/",
        "https://formation.example.org?x=1",
        "https://formation.example.org:99999",
        "https://moi@formation.example.org",
        "http://0.0.0.0:8000",
        "https://",
        "",
    ],
)
def test_an_address_that_is_not_a_sites_is_refused_in_french(demo, url):
    with pytest.raises(CommandError, match=r"n’est pas|adresse d’écoute"):
        set_address(url=url)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_every_public_address_follows_the_site(client, demo):
    set_address(url=PUBLIC)
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(PUBLIC + "/") for loc in locations)
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    session = SessionPage.objects.get(number=1)
    html = client.get(session.url).content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}{session.url}">' in html
    assert f'<meta property="og:url" content="{PUBLIC}{session.url}">' in html
    assert f'"url":"{PUBLIC}{session.url}"' in html  # schema.org
    calendar = client.get("/sessions/calendrier.ics").content
    urls = [str(event["url"]) for event in icalendar.Calendar.from_ical(calendar).walk("VEVENT")]
    assert urls and all(url.startswith(PUBLIC + "/sessions/") for url in urls)
    assert "localhost" not in sitemap + robots + html + calendar.decode()


def test_robots_names_the_same_sitemap_as_the_sitemaps_pages(client, demo):
    """Before the site has its address, robots.txt and the sitemap agree (on the Site's)."""
    root = Site.objects.get(is_default_site=True).root_url
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {root}/sitemap.xml" in robots
    assert f"<loc>{root}/</loc>" in client.get("/sitemap.xml").content.decode()
