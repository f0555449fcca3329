"""Browser tests: Playwright drives Debian's Chromium (`playwright install` cannot download
here) against Django's live server, with the demo site built in a transactional database."""

import os
from pathlib import Path

import pytest

from ..conftest import rebuild_demo

# Playwright's sync API runs an event loop; Django refuses ORM calls from it otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    """Every test of this folder is a browser test, marked or not: `make test` runs them
    apart, as their transactional databases are flushed (a browser test run with the others
    emptied a worker's database under them)."""
    folder = Path(__file__).parent
    for item in items:
        if folder in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo, rebuilt after the previous transactional test's flush removed Wagtail's roots."""
    rebuild_demo()
    return live_server.url


@pytest.fixture(autouse=True)
def no_content_security_policy_violation(request):
    """Every browser test also checks that the page ran within its Content-Security-Policy:
    Chromium reports each blocked script, style or resource on the console."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert blocked == []
