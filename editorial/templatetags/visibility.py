"""Template access to the site's visibility rule, for blocks that point at documents, and
the marks a preview puts on what visitors without an account would not see."""

from django import template

from access.visibility import anyone, is_document_visible, is_staff_member

register = template.Library()


@register.filter
def visible_to(document, request):
    """`{% if value.document|visible_to:request %}`: hide links the user may not follow."""
    return document is not None and is_document_visible(document, request)


@register.filter
def public(document, request):
    """Whether a visitor without an account may see this document (a preview marks the
    others « Réservé aux participants »)."""
    return document is not None and is_document_visible(document, anyone(request))


@register.filter
def staff_member(request):
    """`{% if request|staff_member %}`: the staff who write and review the site (their
    groups, read once per request by the visibility rule): the userbar is theirs. Asking
    Wagtail's userbar directly would read every permission of every participant (2 queries)
    to say no."""
    return is_staff_member(request)


@register.inclusion_tag("components/preview_notice.html", takes_context=True)
def preview_notice(context):
    """A preview says it shows a draft, and whether the page is reserved."""
    page = context.get("page")
    reserved = bool(page is not None and page.pk and page.get_view_restrictions().exists())
    return {"page": page, "reserved": reserved}
