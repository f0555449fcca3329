"""The previous visit of a person who logs in: what the participants' area calls « nouveau
depuis votre dernière visite ».

Django overwrites `last_login` as the user logs in (django.contrib.auth's `update_last_login`
receiver of `user_logged_in`). The value it replaces is kept in the new session, read by a
receiver of the same signal connected before Django's: this app is listed above
django.contrib.auth in INSTALLED_APPS, so its `ready()` runs first. The session, not a column:
it is what the area needs for the length of a visit, it goes with the session's own expiry
and purge, and it needs no migration of the user model.
"""

from django.utils.dateparse import parse_datetime

PREVIOUS_LOGIN_KEY = "people.previous_login"


def remember_previous_login(sender, request, user, **kwargs):
    """Keep the user's last login, before Django replaces it, in the session just opened
    (None on a first login)."""
    if request is None or not hasattr(request, "session"):
        return
    previous = user.last_login
    request.session[PREVIOUS_LOGIN_KEY] = previous.isoformat() if previous else None


def previous_login(request):
    """When this request's user last logged in before this session (an aware datetime), or
    None: a first login, or a session opened before this was kept."""
    value = request.session.get(PREVIOUS_LOGIN_KEY) if hasattr(request, "session") else None
    return parse_datetime(value) if value else None
