"""What every user of an audience shares until the content changes.

Some things a page shows are the same for everyone who sees the same things (the menu, the
footer, the library's counts without words): computed once, they are kept per audience
(access.visibility.audience: anonymous, or an account's groups), per « generation » of the
content and per release of the code. Any change that can show on a page draws a new
generation (home.page_cache connects the signals), so everything kept is stale at once, as
the anonymous page cache is. The generation lives in the "pages" cache itself, so all app
servers sharing that cache see it.

Here, beside the visibility rule it depends on, so that every app can keep what it computes
(the documents' library, the home page's fragments). A cache outage is not a visitor's
problem: errors are logged and the value is computed as if there were no cache.
"""

import functools
import hashlib
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject

from access.request_memo import remembered
from access.visibility import audience

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


def new_generation():
    """Make everything kept stale: the pages of the page cache and the shared values."""
    try:
        cache().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("Cache des pages : invalidation impossible")


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


def shared(request, name, compute):
    """`compute()`'s value for this request, shared by every request of the same audience
    until the content changes. `name` must say everything else the value depends on (the
    site, the current section, the query…); the value must pickle. Without
    FRAGMENT_CACHE_SECONDS, in a preview, or when the cache fails, it is computed each
    time."""
    kept_for = seconds()
    # A preview shows a draft: it neither reads nor leaves anything for the published page.
    if not kept_for or getattr(request, "is_preview", False):
        return compute()
    try:
        store = cache()
        current = remembered(request, "access.shared.generation", lambda: generation(store))
        # The name may carry what a visitor typed (words, a route's title): the key holds
        # its digest, so that any name makes a valid key of any cache backend.
        digest = hashlib.sha256(name.encode()).hexdigest()
        key = f"page-cache:{release()}:{current}:shared:{audience(request)}:{digest}"
        value = store.get(key)
    except Exception:
        logger.exception("Cache des valeurs partagées indisponible")
        return compute()
    if value is None:
        value = compute()
        try:
            store.set(key, value, kept_for)
        except Exception:
            logger.exception("Cache des valeurs partagées : valeur non enregistrée")
    return value


def lazy_values(compute, names):
    """Context values read only when a template uses them: `compute()` runs once, on first
    use, and returns a dict holding every name. For a page whose body is a shared block
    ({% sharedblock %}): served ready-made, it reads nothing for them."""
    once = functools.cache(compute)
    return {name: SimpleLazyObject(functools.partial(_value_of, once, name)) for name in names}


def _value_of(compute, name):
    return compute()[name]
