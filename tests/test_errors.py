"""A 500 reaches someone: its traceback by e-mail to ADMINS, and Sentry when SENTRY_DSN is set,
without the visitor's personal data."""

from django.core import mail
from django.test import Client

import pytest

from config.env import env_admins

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_page(monkeypatch, home_page):
    """robots.txt breaks on its next request, the way a bug would: before it reads the
    database (it names the sitemap at the Site's address), which a WSGI request made inside
    the test's transaction could not reach."""
    from home import views

    class BrokenSite:
        @staticmethod
        def find_for_request(request):
            raise RuntimeError("panne simulée du plan du site")

    monkeypatch.setattr(views, "Site", BrokenSite)
    return "/robots.txt"


def test_a_500_emails_its_traceback_to_the_administrators(settings, failing_page):
    settings.ADMINS = [("Équipe technique", "technique@example.org")]
    response = Client(raise_request_exception=False).get(failing_page)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["technique@example.org"]
    assert message.subject.startswith("[Formation DEU] ")
    assert "panne simulée du plan du site" in message.body
    assert "Traceback" in message.body


def test_no_administrator_no_mail(settings, failing_page):
    settings.ADMINS = []
    Client(raise_request_exception=False).get(failing_page)
    assert mail.outbox == []


class Captured:
    """A Sentry transport that keeps the events instead of sending them."""

    def __init__(self, options=None):
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            event = item.get_event()
            if event:
                self.events.append(event)

    def flush(self, timeout, callback=None):
        return None

    def kill(self):
        return None

    def is_healthy(self):
        return True

    def record_lost_event(self, *args, **kwargs):
        return None


@pytest.fixture
def sentry():
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from config.errors import init_sentry

    class Transport_(Captured, Transport):
        def __init__(self, options=None):
            Transport.__init__(self, options)
            Captured.__init__(self)

    transport = Transport_({"dsn": "https://cle@sentry.example.org/1"})
    init_sentry("https://cle@sentry.example.org/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.init()  # no DSN: the SDK sends nothing from here on


def test_sentry_receives_the_error_without_personal_data(sentry, failing_page, participant):
    """Through Django's WSGI handler, as gunicorn calls it (the test client bypasses the
    part of the SDK that reads the request)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    import sentry_sdk

    participant.email = "participante@example.org"
    participant.save()
    client = Client()
    client.force_login(participant)
    environ = (
        RequestFactory()
        .get(
            failing_page + "?courriel=participante@example.org",
            headers={"X-Forwarded-For": "203.0.113.9", "User-Agent": "Firefox"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}",
        )
        .environ
    )
    statuses = []
    WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["500 Internal Server Error"]
    sentry_sdk.flush()
    (event,) = [e for e in sentry.events if e.get("exception")]
    text = repr(event)
    assert "panne simulée du plan du site" in text
    assert event["request"]["url"].endswith("/robots.txt")
    for personal in ("participante", "203.0.113.9", "sessionid", "courriel"):
        assert personal not in text, personal
    assert "user" not in event
    assert not {"cookies", "data", "query_string", "env"} & set(event["request"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("technique@example.org", [("technique@example.org", "technique@example.org")]),
        (
            "Équipe technique <technique@example.org>, veille@example.org",
            [
                ("Équipe technique", "technique@example.org"),
                ("veille@example.org", "veille@example.org"),
            ],
        ),
    ],
)
def test_admins_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("ADMINS", value)
    assert env_admins("ADMINS") == expected


def test_a_bad_address_stops_the_start_in_french(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("ADMINS", "pas une adresse")
    with pytest.raises(ImproperlyConfigured, match="n’est pas une adresse électronique"):
        env_admins("ADMINS")
