"""Light pages: nothing loaded from another host, CSS and JavaScript within budget, hashed
static files cached for a year by whitenoise in production."""

import re
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest

from sessions.models import SessionPage
from territoires.models import TerritoryPage

from .test_settings import GOOD_KEY, ROOT

pytestmark = pytest.mark.django_db

CSS_BUDGET = 50_000
JS_BUDGET = 30_000


def assets(html):
    """Stylesheets and scripts a page makes the browser fetch, and any other resource's URL."""
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    others = re.findall(r'<(?:img|iframe|source|video|audio)[^>]* src="([^"]+)"', html)
    return styles, scripts, others


def size(url):
    assert url.startswith("/static/"), url
    return Path(finders.find(url.removeprefix("/static/"))).stat().st_size


def test_pages_fetch_nothing_elsewhere_and_stay_within_budget(client, demo):
    urls = [
        "/",
        SessionPage.objects.get(number=1).url,
        TerritoryPage.objects.get(slug="grenoble").url,
        "/ressources/",
        "/recherche/?q=emploi",
    ]
    for url in urls:
        styles, scripts, others = assets(client.get(url).content.decode())
        assert styles and scripts
        for address in styles + scripts + others:
            assert address.startswith("/"), (url, address)
            assert not address.startswith("//"), (url, address)
        assert sum(size(s) for s in styles) <= CSS_BUDGET
        assert sum(size(s) for s in scripts) <= JS_BUDGET


PRODUCTION_STATIC = """
import django, tempfile, os, re
os.environ["STATIC_ROOT"] = tempfile.mkdtemp()
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", "--noinput", verbosity=0)
url = static("css/site.css")
response = Client().get(url, HTTP_HOST="deu.example.org", secure=True)
print(url)
print(response.status_code, response.headers.get("Cache-Control"))
"""


def test_hashed_static_files_are_cached_for_a_year_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_STATIC],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "deu.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    url, answer = result.stdout.strip().splitlines()[-2:]
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    status, cache_control = answer.split(" ", 1)
    assert status == "200"
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control
