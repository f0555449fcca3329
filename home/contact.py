"""The contact form's defences, with no third-party service: a honeypot field and a rate limit
per client address.

The honeypot is a field people never see (off screen, hidden from screen readers, out of the
tab order, labelled « leave it empty » for whoever meets it anyway): a robot that fills every
field it finds fills it too, and is answered with the same calm confirmation as a person,
while nothing is stored or sent. Telling it « refused » would only teach it.

The rate limit counts the form's sendings per client address (people.lockout's reading of
the address, proxies included) in a fixed window, in the "limits" cache (shared by the
workers of one machine in production, or by all of them through Redis). Past the limit the
page answers 429 with what was typed, in French. The address is kept only as a keyed hash
and only for the window. A cache that fails lets the message through: an outage of the cache
must not silence the visitors.
"""

import logging

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac

from people.lockout import client_ip_address

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "site_web"
CACHE_ALIAS = "limits"


class HoneypotWidget(forms.TextInput):
    """Out of the tab order and of autofill; the template hides its wrapper."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


def with_honeypot(form_class):
    """The form builder's form, plus the honeypot field (not an editable field of the page:
    an editor could not remove it by mistake)."""
    return type(
        form_class.__name__,
        (form_class,),
        {
            HONEYPOT_FIELD: forms.CharField(
                label="Ne remplissez pas ce champ (il sert à écarter les envois automatiques)",
                required=False,
                widget=HoneypotWidget(),
            )
        },
    )


def is_robot(data):
    """Whether the honeypot was filled."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def _key(request):
    address = client_ip_address(request) or "inconnue"
    digest = salted_hmac("home.contact", address).hexdigest()
    return f"contact:{digest}"


def too_many_sendings(request):
    """Count this sending for the client's address; True past CONTACT_RATE_LIMIT sendings in
    CONTACT_RATE_WINDOW_MINUTES minutes (the window starts at the first one)."""
    key = _key(request)
    try:
        cache = caches[CACHE_ALIAS]
        cache.add(key, 0, settings.CONTACT_RATE_WINDOW_MINUTES * 60)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        caches[CACHE_ALIAS].set(key, 1, settings.CONTACT_RATE_WINDOW_MINUTES * 60)
        count = 1
    except Exception:
        logger.exception("Formulaire de contact : limite d’envois illisible (cache)")
        return False
    return count > settings.CONTACT_RATE_LIMIT


def retry_after_seconds():
    return settings.CONTACT_RATE_WINDOW_MINUTES * 60


def one_line(text, length=200):
    """A visitor's text fit for an e-mail header: no line break (Django refuses one, with a
    500), not too long."""
    return " ".join(str(text).split())[:length]
