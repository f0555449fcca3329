"""What session and territory pages say of the participants' area (home.ParticipantsAreaPage).

To a visitor, to someone logged in without access, the same sentence on every session and
territory page, whether anything there is restricted or not: saying it only where documents
are hidden would tell that they exist. To a participant or a member of the staff, a link to
their area."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.http import urlencode

from access.visibility import PAGE_LINK_FIELDS, is_page_visible
from home.models import ParticipantsAreaPage
from home.navigation import navigation_pages, site_root
from people.models import partners

register = template.Library()


def participants_area(request, current):
    """The live participants' area, visible or not to this user (its address is not a secret:
    the login leads there): from the menu when the menu shows it (read with the menu of this
    page, `current`: no query), else in one query."""
    found = None
    root = site_root(request)
    if root is not None:
        content_type = ContentType.objects.get_for_model(ParticipantsAreaPage)
        found = next(
            (
                page
                for page in navigation_pages(request, root, current)
                if page.depth == root.depth + 1 and page.content_type_id == content_type.pk
            ),
            None,
        )
    if found is None:
        found = ParticipantsAreaPage.objects.live().only(*PAGE_LINK_FIELDS).order_by("path").first()
    return found


@register.inclusion_tag("components/participants_note.html", takes_context=True)
def participants_note(context):
    request = context["request"]
    area = participants_area(request, context.get("page"))
    if area is None:
        return {"area": None}
    area_url = area.get_url(request) or ""
    member = is_page_visible(area, request)
    return {
        "area": area,
        "area_url": area_url,
        "member": member,
        "login_url": f"{reverse('login')}?{urlencode({'next': area_url})}",
        # Who gives accounts: the partners who ran the formation-action (read once per
        # request, with the footer).
        "partners": partners(request),
    }
