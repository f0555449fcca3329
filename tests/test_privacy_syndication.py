"""Surfaces built for everyone, whoever asks: calendars, the Atom feed, the sitemap; and the
surfaces around one page: previous / next session, social and schema.org metadata. A
restricted page never reaches them for anyone; in pages, only those who may see it do.
Each test runs for four users."""

import icalendar
import pytest

from documents.factories import LibraryPageFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET = "Séance réservée aux participants"


@pytest.fixture
def sessions(home_page, restrict_to_participants):
    index = SessionIndexPageFactory(parent=home_page, slug="sessions")
    first = SessionPageFactory(
        parent=index, number=1, title="Séance d'ouverture", theme="Ouverture"
    )
    secret = SessionPageFactory(parent=index, number=2, title=SECRET, theme=SECRET)
    restrict_to_participants(secret)
    third = SessionPageFactory(parent=index, number=3, title="Séance de clôture", theme="Clôture")
    LibraryPageFactory(parent=home_page)
    for page in (index, first, secret, third):
        page.save_revision().publish()  # as editors do: the feed shows published pages
    return {"index": index, "first": first, "secret": secret, "third": third}


def test_the_calendar_never_holds_a_restricted_session(audience, sessions):
    response = audience.get("/sessions/calendrier.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Séance 1 — Ouverture", "Séance 3 — Clôture"]
    assert SECRET not in response.content.decode()


def test_a_restricted_sessions_own_calendar_is_given_to_no_one(audience, sessions):
    response = audience.get(sessions["secret"].url + "calendrier.ics")
    assert response.status_code in (302, 403, 404)
    assert SECRET not in response.content.decode()
    assert b"BEGIN:VCALENDAR" not in response.content


def test_the_feed_never_holds_a_restricted_page(audience, sessions):
    response = audience.get("/flux.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Séance d&#x27;ouverture" in body or "Séance d'ouverture" in body
    assert SECRET not in body


def test_the_sitemap_lists_public_pages_only(audience, sessions):
    response = audience.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert sessions["first"].url in body
    assert sessions["third"].url in body
    assert sessions["secret"].url not in body


def test_previous_and_next_skip_what_the_user_may_not_see(audience, sessions):
    text = visible_text(audience.get(sessions["first"].url))
    if audience.may_see_restricted:
        assert f"Séance suivante Séance 2 — {SECRET}" in text
    else:
        assert "Séance suivante Séance 3 — Clôture" in text
        assert SECRET not in text
    text = visible_text(audience.get(sessions["third"].url))
    assert (SECRET in text) == audience.may_see_restricted


def test_metadata_of_a_restricted_page_reaches_only_those_who_may_see_it(audience, sessions):
    html = audience.get(sessions["secret"].url).content.decode()
    if audience.may_see_restricted:
        assert f'<meta property="og:title" content="{SECRET}">' in html
        assert '"@type":"Event"' in html
    else:
        assert SECRET not in html
        assert "og:title" not in html
        assert '"@type":"Event"' not in html
