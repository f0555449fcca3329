"""The generation of the content: what every cache of the site is keyed by.

Everything kept until the content changes (the anonymous page cache: home.page_cache; the
values an audience shares: access.shared; what every request reads the same: `kept`) is
stored under the current « generation » of the content and the release of the code. Any
change that can show on a page draws a new generation (home.page_cache connects the
signals), so everything kept is stale at once. The generation lives in the "pages" cache
itself, so all app servers sharing that cache see it.

Here, on the ground floor of the access app (below the visibility rule, which keeps its
restrictions with it), so that every app can keep what it computes. A cache outage is not a
visitor's problem: errors are logged and the value is computed as if there were no cache.
"""

import functools
import hashlib
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from access.request_memo import remembered

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"


def cache():
    return caches[CACHE_ALIAS]


def seconds():
    """How long a shared value is kept (FRAGMENT_CACHE_SECONDS); 0: nothing is shared."""
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def generation(store):
    """The current generation of the content, drawn on first use."""
    current = store.get(GENERATION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        store.add(GENERATION_KEY, current, None)
        current = store.get(GENERATION_KEY, current)
    return current


def _draw():
    try:
        cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("Cache des pages : invalidation impossible")


def new_generation():
    """Make everything kept stale: the pages of the page cache and the shared values.

    At once, and again when the current transaction commits: a request that read the new
    generation before the commit still read the old rows, and what it kept under that
    generation must not outlive the commit (a restriction just added would be forgotten)."""
    _draw()
    transaction.on_commit(_draw)


@functools.cache
def release():
    """What this deployment serves pages with: its code, templates and static files' names.
    What another release stored is never used (a new stylesheet's hashed name, a new
    template, a new way of counting), without waiting for a content change; the servers of
    one release share it. Read once per process (a few hundred small files)."""
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


# Who a kept value is for: every request alike (`EVERYONE`), or one audience
# (access.shared names it).
EVERYONE = "everyone"


def kept(request, scope, name, compute, keep=None):
    """`compute()`'s value for this request, kept for every request of `scope` until the
    content changes. `name` must say everything else the value depends on (the site, the
    address, the query…); the value must pickle. `keep(value)`, if given, says whether a
    value is worth keeping (a page found, not an address nobody has). Without
    FRAGMENT_CACHE_SECONDS, in a preview, or when the cache fails, it is computed each
    time."""
    kept_for = seconds()
    # A preview shows a draft: it neither reads nor leaves anything for the published page.
    if not kept_for or getattr(request, "is_preview", False):
        return compute()
    try:
        store = cache()
        current = remembered(request, "access.generation", lambda: generation(store))
        # The name may carry what a visitor typed (words, an address): the key holds its
        # digest, so that any name makes a valid key of any cache backend.
        digest = hashlib.sha256(name.encode()).hexdigest()
        key = f"page-cache:{release()}:{current}:shared:{scope}:{digest}"
        value = store.get(key)
    except Exception:
        logger.exception("Cache des valeurs partagées indisponible")
        return compute()
    if value is None:
        value = compute()
        if keep is None or keep(value):
            try:
                store.set(key, value, kept_for)
            except Exception:
                logger.exception("Cache des valeurs partagées : valeur non enregistrée")
    return value
