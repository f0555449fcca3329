"""The booklet's typography (French text and dates) and the link to a booklet that the
capitalisation and territory pages show, with its size and date."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from editorial.typography import french
from home import booklet as booklets

register = template.Library()


@register.filter
def fr(text):
    """French spaces and apostrophes in a text typed in a field (escaped afterwards)."""
    return french(str(text)) if text else ""


@register.filter(is_safe=True)
def fr_html(html):
    """The same in rich text (Wagtail writes its attributes in double quotes); text that is
    not already safe HTML is escaped first."""
    return mark_safe(french(conditional_escape(html))) if html else ""  # noqa: S308


@register.filter
def fr_date(value):
    """« 27 mars 2014 », « 1er décembre 2026 »."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}\u00a0" + date_format(value, "F Y")


@register.inclusion_tag("booklet/link.html")
def booklet_link(territory=None):
    """« Livret PDF, 34 pages, généré le 1er décembre 2026 », when one exists (else nothing:
    the first one is made by the scheduler within minutes)."""
    slug = territory.slug if territory is not None else booklets.WHOLE
    booklet = booklets.latest(slug)
    if booklet is None:
        return {}
    url = reverse("territory_booklet", args=[slug]) if territory is not None else reverse("booklet")
    return {"booklet": booklet, "url": url, "territory": territory}
