"""The page cache on a real Redis server (Debian's redis-server, started by the test), as
several app servers would share it; and what visitors get when Redis goes away."""

import os
import shutil
import time

from django.core.cache import caches

import pytest

from home.factories import ContentPageFactory
from home.page_cache import CACHE_ALIAS, HEADER

from .conftest import visible_text
from .servers import free_port, start, stop

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server introuvable : la CI doit l'installer (voir .ci/run).")
        pytest.skip("redis-server absent de cette machine (apt-get install redis-server).")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    process = start([*command, "--appendonly", "no", "--dir", str(tmp_path)], port)
    yield process, f"redis://127.0.0.1:{port}/0"
    stop(process)


@pytest.fixture
def redis_pages(settings, redis_server):
    process, url = redis_server
    settings.CACHES = {
        **settings.CACHES,
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    return process


def test_pages_are_shared_through_redis_and_invalidated_there(client, home_page, redis_pages):
    page = ContentPageFactory(parent=home_page, title="La formation", slug="la-formation")
    page.save_revision().publish()
    assert client.get("/la-formation/")[HEADER] == "miss"
    assert client.get("/la-formation/")[HEADER] == "hit"
    page.title = "La formation-action"
    page.save_revision().publish()
    response = client.get("/la-formation/")
    assert response[HEADER] == "miss"
    assert "La formation-action" in visible_text(response)


def test_when_redis_goes_away_pages_are_rendered_without_it(client, home_page, redis_pages):
    page = ContentPageFactory(parent=home_page, title="La formation", slug="la-formation")
    page.save_revision().publish()
    client.get("/la-formation/")
    redis_pages.kill()
    redis_pages.wait()
    started = time.monotonic()
    response = client.get("/la-formation/")
    assert response.status_code == 200
    assert "La formation" in visible_text(response)
    assert HEADER not in response
    assert time.monotonic() - started < 5  # refused connections fail fast, no hung worker
