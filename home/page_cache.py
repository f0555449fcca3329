"""Whole pages for anonymous visitors, from the cache.

What is stored: the 200 answer of a Wagtail page to an anonymous GET, with no cookie set,
headers included. Such a page is public by construction (a restricted page answers anonymous
visitors with a redirect to the login page) and holds only public things (every listing asks
the visibility rule). Logged-in users never read nor fill the cache.

A hit does no more work than it must: the middleware sits before the session, the
authentication and the headers' middleware (settings.MIDDLEWARE), and a request without a
session cookie is anonymous by construction, so it is answered from the cache without
reading a session, a user or building a header: the headers those middleware set (the
Content-Security-Policy, X-Frame-Options…) were stored with the page when it was rendered.
The public pages use no CSP nonce, so a stored policy is the policy. A request with a session
cookie (a logged-in user, or a visitor whose session holds something) takes the whole path,
uncached.

Invalidation: every stored page carries the current « generation »; any change that can show
on a page (publish, unpublish, move, delete, privacy, documents, collections, snippets,
settings) draws a new generation, so every stored page is stale at once. Edits are rare on
this site; a simple, always-correct rule beats a precise one. The generation lives in the
"pages" cache itself, so all app servers sharing that cache (files on one machine, Redis on
several) see it.

Fragments: parts of a page that many requests share (the footer, the main menu) are kept per
audience and per generation too (access.shared), so the pages that are not served whole
(logged-in users, a miss, the page cache off) render them once until content changes
(FRAGMENT_CACHE_SECONDS; `shared_fragment`).

A cache outage is not a visitor's problem: errors are logged and the page is rendered as if
there were no cache.
"""

import hashlib
import logging
from urllib.parse import unquote_plus

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils.safestring import mark_safe

from wagtail.signals import page_published, page_unpublished, post_page_move

from access import generation as shared_values
from access.generation import cache, new_generation, release
from access.generation import generation as _generation
from access.shared import shared

logger = logging.getLogger(__name__)

CACHE_ALIAS = shared_values.CACHE_ALIAS  # the pages are kept with the shared values
HEADER = "X-Cache-Pages"  # « hit » or « miss »: read by the tests and the benchmark

# Models whose changes can show on a public page.
WATCHED_APPS = {
    "editorial",
    "formation_sessions",
    "territoires",
    "documents",
    "capitalisation",
    "home",
    "people",
}
WATCHED_WAGTAIL_MODELS = {
    "wagtailcore.page",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailcore.collection",
    "wagtailcore.site",
    "wagtailimages.image",
}
# Written while visitors browse, or read by their authors and the staff only: never shown on a
# public page (a territory's proposals are read by their team and the staff; an accepted one
# changes the page through a revision, which is watched).
IGNORED_MODELS = {
    "documents.downloadcount",
    "people.user",
    # The e-mail news' bookkeeping (home.digest), written by the scheduler every few minutes.
    "people.digestpreference",
    "territoires.territoryproposal",
}


def _cache():
    return cache()


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _kept():
    """Whether anything is kept until content changes: then every change draws a new
    generation."""
    return bool(_seconds() or shared_values.seconds())


def _watched(model):
    label = model._meta.label_lower
    if label in IGNORED_MODELS:
        return False
    return model._meta.app_label in WATCHED_APPS or label in WATCHED_WAGTAIL_MODELS


def invalidate():
    """Make every stored page (and every shared value) stale."""
    new_generation()


def _on_change(sender, **kwargs):
    if _kept() and _watched(sender):
        invalidate()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and _kept() and _watched(type(instance)):
        invalidate()


def _on_page_event(sender, **kwargs):
    if _kept():
        invalidate()


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")
    # A move rewrites paths with raw queries: no post_save.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"page_cache_{id(signal)}")


# Added to links by newsletters, social networks and ad platforms; they change nothing on a
# page, so they neither reach the views nor split the cache (`utm_*` and these).
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid",
        "ttclid", "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "li_fat_id",
    }
)  # fmt: skip


def _is_tracking(name):
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def drop_tracking_parameters(request):
    """Take the tracking parameters out of the request's query string (and request.GET)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    pairs = [pair for pair in query.split("&") if pair]
    kept = [pair for pair in pairs if not _is_tracking(unquote_plus(pair.split("=", 1)[0]))]
    if len(kept) != len(pairs):
        request.META["QUERY_STRING"] = "&".join(kept)
        request.GET = QueryDict(request.META["QUERY_STRING"])


def remember(name, value):
    """Keep a small fact derived from the content (such as « this rendition is public »)
    until the next change that draws a new generation; nothing without the page cache."""
    if not _seconds():
        return
    try:
        cache = _cache()
        cache.set(f"page-cache:{_generation(cache)}:fact:{name}", value, _seconds())
    except Exception:
        logger.exception("Cache des pages : fait non enregistré")


def recall(name):
    """What `remember` kept under this name in the current generation, or None."""
    if not _seconds():
        return None
    try:
        cache = _cache()
        return cache.get(f"page-cache:{_generation(cache)}:fact:{name}")
    except Exception:
        logger.exception("Cache des pages indisponible")
        return None


def shared_fragment(request, name, render):
    """The HTML that `render()` makes for this request, shared by every request of the same
    audience until content changes (access.shared). `name` must say everything else the
    HTML depends on (the site, the current section…)."""
    html = shared(request, f"fragment:{name}", lambda: str(render()))
    return mark_safe(html)  # noqa: S308 (rendered by a template, which escaped it)


def _key(request, generation):
    address = f"{request.method}:{request.get_host()}:{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{release()}:{generation}:{digest}"


def _logged_in(request):
    user = getattr(request, "user", None)  # absent if an inner middleware answered early
    return user is not None and user.is_authenticated


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_tracking_parameters(request)
        if (
            not _seconds()
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        cache = _cache()
        try:
            key = _key(request, _generation(cache))
            cached = cache.get(key)
        except Exception:
            logger.exception("Cache des pages indisponible : pages rendues sans cache")
            return self.get_response(request)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._storable(request, response):
            response[HEADER] = "miss"
            try:
                cache.set(key, response, _seconds())
            except Exception:
                logger.exception("Cache des pages : page non enregistrée")
        return response

    @staticmethod
    def _storable(request, response):
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and match.url_name == "wagtail_serve"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(request, "is_preview", False)
            and "private" not in response.get("Cache-Control", "")
            and not _logged_in(request)  # a login during the request
        )
