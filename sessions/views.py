"""Calendars at the address of their page: /sessions/calendrier.ics for all the sessions,
/sessions/<séance>/calendrier.ics for one.

Wagtail's page URLs take no dot, so these are Django routes that find the page by its path
in the page tree (they follow a renamed slug) and ask it for its sessions. A calendar is built
for anyone, whoever asks: a restricted page, or a page that has no calendar, answers 404.
"""

from django.http import Http404

from wagtail.models import Site

from access.visibility import anyone, is_page_visible
from sessions.calendar import calendar_response


def calendar(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in page_path.split("/") if component]
    page = site.root_page.specific.route(request, components).page.specific
    everyone = anyone(request)
    if not hasattr(page, "calendar") or not is_page_visible(page, everyone):
        raise Http404
    sessions, name, filename = page.calendar(everyone)
    return calendar_response(sessions, request, name, filename)
