"""The links between sessions and territories (documents.crosslinks), for their pages."""

from django import template

from documents import crosslinks

register = template.Library()


@register.inclusion_tag("components/session_territories.html", takes_context=True)
def session_territories(context, session):
    """`{% session_territories page %}`: on a session page, what each territory produced at
    this session."""
    request = context["request"]
    return {
        "request": request,
        "session": session,
        "rows": crosslinks.session_territories(session, request),
    }


@register.inclusion_tag("components/territory_sessions.html", takes_context=True)
def territory_sessions(context, territory):
    """`{% territory_sessions page %}`: on a territory page, its path through the sessions."""
    request = context["request"]
    return {
        "request": request,
        "territory": territory,
        "rows": crosslinks.territory_sessions(territory, request),
    }
