"""Scheduled publishing as the staff meet it (issue #16, point 3): `make run` serves the site
and runs the periodic jobs beside it; a publisher schedules a change one minute ahead in the
admin, and visitors read it within two minutes, with nobody at the keyboard.

The whole site is started as `make run` starts it (gunicorn, production settings, the
scheduler supervised by scripts/run.sh) on a database of its own: the scheduler is another
process, which is the point."""

import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

import psycopg
import pytest

from ..servers import free_port
from .steps import log_in_to_the_admin

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NEW_TITLE = "La formation-action, version programmée"
PAGE = "/la-formation/"
STARTUP_SECONDS = 180  # migrations and the demo on a fresh database, on a busy machine


def server_database():
    """A fresh PostgreSQL database on the tests' server, or None on SQLite (run.sh then uses
    a SQLite file under its VAR_DIR)."""
    if connection.vendor != "postgresql":
        return None
    params = connection.get_connection_params()
    admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    name = f"make_run_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = admin["user"] + (f":{admin['password']}" if admin.get("password") else "")
    url = f"postgres://{auth}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{name}"
    return name, url, admin


def drop(database):
    name, _url, admin = database
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def get(base, path):
    """An anonymous visitor's GET (no cookie: the cached page if there is one)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def title_of(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.fixture
def make_run(tmp_path):
    """`make run` on a free port; everything it started is stopped after the test."""
    database = server_database()
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PAGE_CACHE_SECONDS"}
    }
    env.update(HOST="127.0.0.1", PORT=str(port), VAR_DIR=str(tmp_path / "var"))
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    if database:
        env["DATABASE_URL"] = database[1]
    log_path = tmp_path / "make-run.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [shutil.which("make"), "run"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                get(base, "/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log_path.read_text()[-3000:]) from None
                time.sleep(1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # as Ctrl+C stops the whole group
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if database:
            drop(database)


def test_a_page_scheduled_a_minute_ahead_is_live_within_two_minutes(page, make_run):
    base = make_run
    old_title = title_of(get(base, PAGE))

    log_in_to_the_admin(page, base, "publication")
    page.goto(base + "/admin/pages/search/?q=La+formation-action")
    page.get_by_role("link", name=old_title, exact=True).first.click()
    page.locator("#id_title").fill(NEW_TITLE)

    # The admin's dates are to the minute, in the site's time zone: 60 to 90 s from now.
    now = datetime.now(ZoneInfo(settings.TIME_ZONE))
    go_live = (now + timedelta(seconds=90)).replace(second=0, microsecond=0)
    page.get_by_role("button", name="Statut").click()
    page.get_by_role("button", name="Programmer").click()
    page.locator("#id_go_live_at").fill(go_live.strftime("%d/%m/%Y %H:%M"))
    # By the keyboard, as the date pickers may cover the button: past the expiry date, to
    # « Enregistrer la programmation », which saves the draft with its date.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()
    button = page.locator("footer").get_by_role("button", name="Programmer pour publication")
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        button.click()
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()

    # Approved for later: visitors still read the live version.
    assert title_of(get(base, PAGE)) == old_title
    # The scheduler publishes every minute: live at most a minute after the date (and a few
    # seconds for the job itself on a busy machine).
    deadline = go_live.timestamp() + 60 + 20
    while time.time() < deadline and title_of(get(base, PAGE)) != NEW_TITLE:
        time.sleep(3)
    assert title_of(get(base, PAGE)) == NEW_TITLE, "pas publiée à temps"
