"""The links between sessions and territories (documents.crosslinks) and their documents by
type (documents.groups), for their pages."""

from django import template

from documents import crosslinks, groups
from sessions.models import SessionPage

register = template.Library()


@register.simple_tag(takes_context=True)
def session_territory_rows(context, session):
    """`{% session_territory_rows page as rows %}`: on a session page, what each territory
    produced at this session (components/session_territories.html draws it; the page's table
    of contents names it only when there is something)."""
    return crosslinks.session_territories(session, context["request"])


@register.simple_tag(takes_context=True)
def territory_session_rows(context, territory):
    """`{% territory_session_rows page as rows %}`: on a territory page, its path through the
    sessions (components/territory_sessions.html draws it)."""
    return crosslinks.territory_sessions(territory, context["request"])


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
    return groups.by_kind(page.documents.all(), request, crosslinks._library_url(request), on_page)
