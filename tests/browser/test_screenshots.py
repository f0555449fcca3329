"""Pictures of the site for the README, made with the browser tests' own tooling.

In the suite they go to a temporary folder (the tooling is tested, the committed pictures
are untouched); `make screenshots` sets SCREENSHOTS_DIR=docs/captures to renew them.
Each picture is saved with a palette of 256 colours: a third of the size, the same look.
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from sessions.models import SessionPage
from territoires.models import TerritoryPage

from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"bureau": {"width": 1280, "height": 860}, "mobile": {"width": 390, "height": 844}}


def take(page, path, size):
    page.screenshot(path=path, animations="disabled")
    with Image.open(path) as image:
        assert image.size == (size["width"], size["height"])
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def test_screenshots_of_the_main_pages(page, demo_site, tmp_path):
    target = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    pages = {
        "accueil": "/",
        "seance": SessionPage.objects.get(number=1).url,
        "territoires": "/territoires/",
        "territoire": TerritoryPage.objects.get(slug="grenoble").url,
        "ressources": "/ressources/",
        "capitalisation": "/capitalisation/",
    }
    for width_name, size in WIDTHS.items():
        page.set_viewport_size(size)
        for name, url in pages.items():
            page.goto(demo_site + url)
            take(page, target / f"{name}-{width_name}.png", size)
    # The participants' area, as the demo participant sees it.
    log_in_to_the_site(page, demo_site, "participant")
    for width_name, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.goto(demo_site + "/espace-participants/")
        take(page, target / f"espace-participants-{width_name}.png", size)
    assert len(list(target.glob("*.png"))) == 2 * (len(pages) + 1)
    assert all(path.stat().st_size < 200_000 for path in target.glob("*.png"))
