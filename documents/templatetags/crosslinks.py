"""The links between sessions and territories (documents.crosslinks) and their documents by
type (documents.groups), for their pages.

Each is the same for every user of an audience until the content changes: read once, then
shared (access.shared), as the menu and the footer are. What they name is what the
audience may see; the key names the page."""

from django import template

from access.shared import shared
from documents import crosslinks, groups
from sessions.models import SessionPage

register = template.Library()


@register.simple_tag(takes_context=True)
def session_territory_rows(context, session):
    """`{% session_territory_rows page as rows %}`: on a session page, what each territory
    produced at this session (components/session_territories.html draws it; the page's table
    of contents names it only when there is something)."""
    request = context["request"]
    return shared(
        request,
        f"seance-territoires:{session.pk}",
        lambda: crosslinks.session_territories(session, request),
    )


@register.simple_tag(takes_context=True)
def territory_session_rows(context, territory):
    """`{% territory_session_rows page as rows %}`: on a territory page, its path through the
    sessions (components/territory_sessions.html draws it)."""
    request = context["request"]
    return shared(
        request,
        f"territoire-seances:{territory.pk}",
        lambda: crosslinks.territory_sessions(territory, request),
    )


@register.simple_tag(takes_context=True)
def documents_by_kind(context, page):
    """`{% documents_by_kind page as groups %}`: a session's or a territory's documents that
    this request's user may see, by type (documents.groups), each group linked to the library
    filtered on the page and the type."""
    request = context["request"]
    if isinstance(page, SessionPage):
        on_page = [("seance", page.number)]
    else:
        on_page = [("territoire", page.slug)]
    return shared(
        request,
        f"documents-par-type:{page.pk}",
        lambda: groups.by_kind(
            page.documents.all(), request, crosslinks._library_url(request), on_page
        ),
    )
