"""What the accounts' pages say about the lock and where to ask for help, from the settings."""

from django import template
from django.conf import settings

from people import lockout

register = template.Library()


@register.simple_tag(takes_context=True)
def lockout_duration(context):
    """« 15 minutes »: how long a lock lasts (django-axes' AXES_COOLOFF_TIME)."""
    return lockout.lockout_duration(context.get("request"))


@register.simple_tag
def lockout_attempts():
    """How many failed logins lock the connection (django-axes' AXES_FAILURE_LIMIT)."""
    limit = settings.AXES_FAILURE_LIMIT
    return limit if isinstance(limit, int) else ""


@register.inclusion_tag("accounts/help.html")
def account_help():
    """Who to write to for an account or a login that fails: the site's team."""
    return {"contact_email": settings.CONTACT_EMAIL}
