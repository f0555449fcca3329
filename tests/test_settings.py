"""Settings come from the environment; bad configuration stops start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from config.env import database_from_url, env_bool, env_list

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"


def run_python(code_or_args, **env):
    """Run the project's Python with production settings and a clean environment."""
    base = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    base.update(env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(result, expected):
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur de configuration : ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("entry", ["manage", "wsgi"])
def test_missing_secret_key_stops_production_start_up(entry):
    command = ["manage.py", "check"] if entry == "manage" else "import config.wsgi"
    result = run_python(command, ALLOWED_HOSTS="exemple.fr")
    assert_one_clear_line(result, "SECRET_KEY")


@pytest.mark.parametrize("key", ["change-me", "short"])
def test_placeholder_secret_key_is_refused(key):
    result = run_python(["manage.py", "check"], SECRET_KEY=key, ALLOWED_HOSTS="exemple.fr")
    assert_one_clear_line(result, "SECRET_KEY")


@pytest.mark.parametrize(
    "url", ["postgres://u@h:notaport/db", "pas-une-url", "mysql://a@b/c", "postgres://u@h/"]
)
def test_malformed_database_url_stops_start_up(url):
    result = run_python(
        ["manage.py", "check"], SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="exemple.fr", DATABASE_URL=url
    )
    assert_one_clear_line(result, "DATABASE_URL")


def test_database_url_password_never_printed():
    result = run_python(
        ["manage.py", "check"],
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="exemple.fr",
        DATABASE_URL="postgres://u:tres-secret@h:port/db",
    )
    assert_one_clear_line(result, "DATABASE_URL")
    assert "tres-secret" not in result.stderr


def test_empty_allowed_hosts_and_debug_are_refused_in_production():
    result = run_python(["manage.py", "check"], SECRET_KEY=GOOD_KEY)
    assert_one_clear_line(result, "ALLOWED_HOSTS")
    result = run_python(
        ["manage.py", "check"], SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.fr", DEBUG="true"
    )
    assert_one_clear_line(result, "DEBUG")


def test_production_settings_read_the_environment():
    code = (
        "from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], "
        "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = run_python(
        code,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="formation-deu.fr, www.formation-deu.fr",
        DATABASE_URL="postgres://deu:motdepasse@db.interne:5433/deu",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['formation-deu.fr',",
        "'www.formation-deu.fr']",
        "django.db.backends.postgresql",
        "db.interne",
        "5433",
        "deu",
        "True",
        "True",
        "fr",
        "Europe/Paris",
    ]


def test_without_database_url_the_embedded_default_is_sqlite_under_var(tmp_path):
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    result = run_python(code, DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "db.sqlite3")


def test_private_media_inside_public_media_is_refused(tmp_path):
    result = run_python(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        MEDIA_ROOT=str(tmp_path),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "documents"),
    )
    assert_one_clear_line(result, "PRIVATE_MEDIA_ROOT")


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "oui")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")
    monkeypatch.setenv("HOSTS", " a.fr, ,b.fr ")
    assert env_list("HOSTS") == ["a.fr", "b.fr"]
    assert database_from_url("postgres://u:p@h:5432/deu")["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("redis", ["", "redis://cache.interne:6379/1"])
def test_production_page_cache_is_shared_between_workers(redis, tmp_path):
    code = (
        "from django.conf import settings as s; c = s.CACHES; "
        "print(c['pages']['BACKEND'], c['pages']['LOCATION'], c['default']['BACKEND'], "
        "s.PAGE_CACHE_SECONDS, s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS)"
    )
    env = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "exemple.fr", "VAR_DIR": str(tmp_path)}
    if redis:
        env["REDIS_URL"] = redis
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    pages, location, default, seconds, sessions, sessions_cache = result.stdout.split()
    if redis:
        assert (pages, location) == ("django.core.cache.backends.redis.RedisCache", redis)
        # A session closed during an outage of Redis must not come back with it.
        assert sessions == "django.contrib.sessions.backends.db"
    else:
        assert pages == "access.file_cache.UncompressedFileBasedCache"
        assert location == str(tmp_path / "cache" / "pages")
        # Read from the workers' shared files, written to the database too.
        assert (sessions, sessions_cache) == ("django.contrib.sessions.backends.cached_db", "pages")
    # Wagtail's own small caches stay in each process: an outage cannot break page URLs.
    assert default == "django.core.cache.backends.locmem.LocMemCache"
    assert seconds == "600"


@pytest.mark.django_db
def test_the_benchmark_floor_exists_in_the_bench_settings_only(client, settings, home_page):
    """`make bench` compares each page with a bare view of the home page's size (the floor);
    the deployed site has no such address."""
    assert client.get("/_plancher/?octets=5000").status_code == 404
    settings.ROOT_URLCONF = "config.bench_urls"
    floor = client.get("/_plancher/?octets=5000")
    assert floor.status_code == 200 and len(floor.content) == 5000
    assert client.get("/_plancher/?octets=beaucoup").status_code == 200
    assert len(client.get("/_plancher/?octets=99999999999").content) <= 2_000_000
