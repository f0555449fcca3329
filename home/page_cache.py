"""Whole pages for anonymous visitors, from the cache.

What is stored: the 200 answer of a Wagtail page to an anonymous GET, with no cookie set.
Such a page is public by construction (a restricted page answers anonymous visitors with a
redirect to the login page) and holds only public things (every listing asks the
visibility rule). Logged-in users never read nor fill the cache.

Invalidation: every stored page carries the current « generation »; any change that can show
on a page (publish, unpublish, move, delete, privacy, documents, collections, snippets,
settings) draws a new generation, so every stored page is stale at once. Edits are rare on
this site; a simple, always-correct rule beats a precise one. The generation lives in the
"pages" cache itself, so all app servers sharing that cache (files on one machine, Redis on
several) see it.

A cache outage is not a visitor's problem: errors are logged and the page is rendered as if
there were no cache.
"""

import functools
import hashlib
import logging
import uuid
from pathlib import Path
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict

from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHE_ALIAS = "pages"
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
# Written while visitors browse, and never shown on a public page (a territory's proposals
# are read by their team and the staff only; an accepted one changes the page through a
# revision, which is watched).
IGNORED_MODELS = {"documents.downloadcount", "people.user", "territoires.territoryproposal"}


def _cache():
    return caches[CACHE_ALIAS]


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _watched(model):
    label = model._meta.label_lower
    if label in IGNORED_MODELS:
        return False
    return model._meta.app_label in WATCHED_APPS or label in WATCHED_WAGTAIL_MODELS


def invalidate():
    """Make every stored page stale."""
    try:
        _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("Cache des pages : invalidation impossible")


def _on_change(sender, **kwargs):
    if _seconds() and _watched(sender):
        invalidate()


def _on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and _seconds() and _watched(type(instance)):
        invalidate()


def _on_page_event(sender, **kwargs):
    if _seconds():
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


def _key(request, generation):
    address = f"{request.method}:{request.get_host()}:{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{release()}:{generation}:{digest}"


@functools.cache
def release():
    """What this deployment serves pages with: its code, templates and static files' names.
    A page stored by another release is never served (a new stylesheet's hashed name, a new
    template), without waiting for a content change; the servers of one release share their
    pages. Read once per process (a few hundred small files)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    folders = {app.split(".")[0] for app in settings.INSTALLED_APPS} | {"config", "site"}
    for folder in sorted(folders):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".xml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_tracking_parameters(request)
        if not _seconds() or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.user.is_authenticated:
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
            and not request.user.is_authenticated  # a login during the request
        )
