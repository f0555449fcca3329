"""The sessions as iCalendar (RFC 5545): one feed for all, one file per session.

Calendars are built for anyone: a restricted session is in no calendar, whoever asks, so a
calendar subscribed to by a participant and shared further never carries it.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event, vGeo

from sessions.models import PARIS

PRODUCT_ID = "-//ARADEL et CR•DSU//Formation-action Développement économique urbain 2014//FR"


def _event(session, request):
    event = Event()
    event.add("uid", f"seance-{session.pk}@{request.get_host().split(':')[0]}")
    event.add("summary", session.event_name)
    start, end = session.time_span()
    if start is not None:
        event.add("dtstart", datetime.datetime.combine(session.date, start, tzinfo=PARIS))
        if end is not None and end > start:
            event.add("dtend", datetime.datetime.combine(session.date, end, tzinfo=PARIS))
    else:
        # No times entered: a whole day (DTSTART;VALUE=DATE), as the source says the sessions
        # were (« 5 journées complètes »), never the times of an invented programme.
        event.add("dtstart", session.date)
        event.add("dtend", session.date + datetime.timedelta(days=1))
    event.add("dtstamp", session.last_published_at or timezone.now())
    place = session.public_place
    if place is not None:
        parts = [place.name, place.address, f"{place.postal_code} {place.locality}".strip()]
        event.add("location", ", ".join(part for part in parts if part))
        if place.latitude is not None and place.longitude is not None:
            event.add("geo", vGeo((float(place.latitude), float(place.longitude))))
    if session.event_description:
        event.add("description", session.event_description)
    event.add("url", session.get_full_url(request))
    return event


def calendar_response(sessions, request, name, filename):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for session in sessions:
        calendar.add_component(_event(session, request))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
