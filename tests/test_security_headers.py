"""Production headers, read from real responses: check --deploy, HTTPS behind a proxy, HSTS,
secure cookies, forged Host headers, and the Content-Security-Policy of the site and admin."""

import json

import pytest

from .test_settings import GOOD_KEY, run_python

pytestmark = pytest.mark.django_db

PRODUCTION = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "formation-deu.fr"}


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_the_public_site_runs_no_inline_script_and_loads_nothing_elsewhere(client, demo):
    for url in ("/", "/ressources/", "/connexion/", "/page-inconnue/"):
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_the_admin_gets_the_relaxed_policy_it_needs(client, admin_user):
    client.force_login(admin_user)
    policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert all(not source.startswith("http") for values in policy.values() for source in values)


def test_check_deploy_passes_with_real_settings():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
call_command("migrate", verbosity=0)
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
answers = {}
plain = client.get("/robots.txt", HTTP_HOST="formation-deu.fr")
answers["http"] = [plain.status_code, plain.get("Location")]
proxied = client.get("/robots.txt", HTTP_HOST="formation-deu.fr", HTTP_X_FORWARDED_PROTO="https")
answers["https"] = [proxied.status_code, proxied.get("Strict-Transport-Security")]
forged = client.get("/robots.txt", HTTP_HOST="pirate.example", HTTP_X_FORWARDED_PROTO="https")
answers["forged"] = [forged.status_code, forged.content.decode()[:2000]]
login = client.get("/connexion/", HTTP_HOST="formation-deu.fr", HTTP_X_FORWARDED_PROTO="https")
answers["cookies"] = {
    name: [bool(morsel["secure"]), bool(morsel["httponly"]), morsel["samesite"]]
    for name, morsel in login.cookies.items()
}
print(json.dumps(answers))
"""


def test_https_behind_a_proxy_hsts_secure_cookies_and_forged_hosts(tmp_path):
    result = run_python(
        PROBE,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        STATIC_ROOT=str(tmp_path / "static"),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["http"] == [301, "https://formation-deu.fr/robots.txt"]
    status, hsts = answers["https"]
    assert status == 200
    assert hsts.startswith("max-age=31536000")
    status, body = answers["forged"]
    assert status == 400
    assert "Requête invalide" in body
    assert answers["cookies"]["csrftoken"][0] is True  # Secure
