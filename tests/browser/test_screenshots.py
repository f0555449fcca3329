"""Pictures of the site for the README, made with the browser tests' own tooling.

In the suite they go to a temporary folder (the tooling is tested, the committed pictures
are untouched); `make screenshots` sets SCREENSHOTS_DIR=docs/captures to renew them.
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from sessions.models import SessionPage
from territoires.models import TerritoryPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"bureau": {"width": 1280, "height": 860}, "mobile": {"width": 390, "height": 844}}


def test_screenshots_of_the_main_pages(page, demo_site, tmp_path):
    target = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    pages = {
        "accueil": "/",
        "seance": SessionPage.objects.get(number=1).url,
        "territoires": "/territoires/",
        "territoire": TerritoryPage.objects.get(slug="grenoble").url,
        "ressources": "/ressources/",
    }
    for width_name, size in WIDTHS.items():
        page.set_viewport_size(size)
        for name, url in pages.items():
            page.goto(demo_site + url)
            path = target / f"{name}-{width_name}.png"
            page.screenshot(path=path, animations="disabled")
            with Image.open(path) as image:
                assert image.size == (size["width"], size["height"])
