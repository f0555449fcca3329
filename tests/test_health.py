"""/sante/ for load balancers, and what visitors read when the database is unreachable."""

from django.db import OperationalError

import pytest

from documents.storage import private_storage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_health_says_ok_and_nothing_more_whoever_asks(audience, home_page):
    response = audience.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_health_is_503_when_the_document_storage_fails(client, home_page, monkeypatch):
    def unreachable(name):
        raise OSError("disque injoignable")

    monkeypatch.setattr(private_storage, "exists", unreachable)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.content == b"indisponible\n"


def test_health_is_503_when_the_database_fails(client, home_page, monkeypatch):
    from django.db import connection

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    assert client.get("/sante/").status_code == 503


@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        (OperationalError("server closed the connection"), 503, "Site momentanément indisponible"),
        (RuntimeError("bogue"), 500, "Une erreur est survenue"),
    ],
)
def test_an_unreachable_database_is_a_french_503_not_a_500(
    client, home_page, monkeypatch, error, status, text
):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(HomePage, "get_context", fail)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == status
    assert text in response.content.decode()
    if status == 503:
        assert response["Retry-After"] == "30"
