"""Who is knocking, and when to stop answering: the client's address behind the site's proxies,
and django-axes' lockout with two caps.

Behind the proxy that docs/deploiement.md prescribes, every request comes from the proxy's
address: locking on that address locked out every user at once. The client's address is read
from X-Forwarded-For only when TRUSTED_PROXY_COUNT says how many proxies stand in front of the
site (never otherwise: anyone can send that header), and taken from the right of the chain,
where the proxies wrote it, not from the left, where the client may have written anything.

Then a lock falls on one account from one address (LOGIN_FAILURE_LIMIT failures), so that
nobody can lock someone else's account from elsewhere, and on an address that fails with many
accounts (LOGIN_ADDRESS_FAILURE_LIMIT, higher), against password spraying.
"""

import ipaddress

from django.conf import settings
from django.db.models import Sum

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit


def client_ip_address(request):
    """The address the request came from, as far as the site can trust it."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if len(chain) < proxies:
        # Not through the configured proxies (or they are set wrongly): the connection's
        # own address is all that can be trusted.
        return remote
    try:
        return str(ipaddress.ip_address(chain[-proxies]))
    except ValueError:
        return remote


class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a cap of its own for each of the settings'
    AXES_LOCKOUT_PARAMETERS (the account from this address, then the address), where
    django-axes compares them all with one limit."""

    def get_failures(self, request, credentials=None):
        for_account, for_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if for_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(for_account, settings.AXES_FAILURE_LIMIT)
        return for_account


def lockout_duration(request=None):
    """How long a lock lasts, in words (« 15 minutes »), read from django-axes' setting, so that
    the pages and messages say the real duration whatever LOGIN_LOCKOUT_MINUTES is."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return ""
    minutes = max(round(cool_off.total_seconds() / 60), 1)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours}\u00a0heure{'s' if hours > 1 else ''}")
    if minutes:
        parts.append(f"{minutes}\u00a0minute{'s' if minutes > 1 else ''}")
    return " et ".join(parts)


def attempts_left(request):
    """The failed logins still allowed before the lock, once django-axes has counted this
    request's failure (None when it did not: an address on the whitelist, say).

    Counted for the name typed from this address whether or not an account has it, so that
    the answer says nothing of which accounts exist."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return None
    return max(get_failure_limit(request, None) - failures, 0)
