"""Template access to the site's visibility rule, for blocks that point at documents."""

from django import template

from access.visibility import is_document_visible

register = template.Library()


@register.filter
def visible_to(document, request):
    """`{% if value.document|visible_to:request %}`: hide links the user may not follow."""
    return document is not None and is_document_visible(document, request)
