"""`make run` gives the Wagtail Site the address it serves (HOST and PORT): its sitemap,
robots.txt, canonical addresses and calendars name that address, not http://localhost/.
The whole site is started as `make run` starts it, on a database of its own."""

import re

import pytest

from . import test_scheduled_publishing as scheduled

pytestmark = pytest.mark.browser

make_run = scheduled.make_run  # the same fixture: `make run` on a free port


def test_make_run_serves_its_own_addresses(make_run, tmp_path):
    base = make_run
    # What it printed while setting up: no raw e-mail (the demo's review request was printed
    # by the console backend, MIME headers and all), then the address and the accounts.
    log = (tmp_path / "make-run.log").read_text()
    assert "MIME-Version" not in log and "=?utf-8?" not in log
    banner = log[log.index("Le site de démonstration est servi sur") :]
    assert banner.startswith(f"Le site de démonstration est servi sur {base}/\n")
    assert f"Administration : {base}/admin/" in banner
    assert "Comptes de démonstration" in banner and "  relecteur " in banner
    sitemap = scheduled.get(base, "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(base + "/") for loc in locations)
    assert f"Sitemap: {base}/sitemap.xml" in scheduled.get(base, "/robots.txt")
    html = scheduled.get(base, "/sessions/seance-1/")
    assert f'<link rel="canonical" href="{base}/sessions/seance-1/">' in html
    assert f'<meta property="og:url" content="{base}/sessions/seance-1/">' in html
    calendar = scheduled.get(base, "/sessions/calendrier.ics")
    assert f"URL:{base}/sessions/seance-1/" in calendar.replace("\r\n ", "")
    assert "localhost" not in sitemap + html + calendar
