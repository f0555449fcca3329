"""What every user of an audience shares until the content changes.

Some things a page shows are the same for everyone who sees the same things (the menu, the
footer, the library's counts without words): computed once, they are kept per audience
(access.visibility.audience: anonymous, or an account's groups), per « generation » of the
content and per release of the code (access.generation: any change that can show on a page
makes everything kept stale at once, as the anonymous page cache is).

Here, beside the visibility rule it depends on, so that every app can keep what it computes
(the documents' library, the home page's fragments). A cache outage is not a visitor's
problem: errors are logged and the value is computed as if there were no cache.
"""

import functools

from django.utils.functional import SimpleLazyObject

from access.generation import kept
from access.visibility import audience


def shared(request, name, compute):
    """`compute()`'s value for this request, shared by every request of the same audience
    until the content changes (access.generation.kept). `name` must say everything else the
    value depends on (the site, the current section, the query…); the value must pickle.
    Without FRAGMENT_CACHE_SECONDS, in a preview, or when the cache fails, it is computed
    each time."""
    return kept(request, f"audience:{audience(request)}", name, compute)


def lazy_values(compute, names):
    """Context values read only when a template uses them: `compute()` runs once, on first
    use, and returns a dict holding every name. For a page whose body is a shared block
    ({% sharedblock %}): served ready-made, it reads nothing for them."""
    once = functools.cache(compute)
    return {name: SimpleLazyObject(functools.partial(_value_of, once, name)) for name in names}


def _value_of(compute, name):
    return compute()[name]
