"""Production: every secret and host from the environment, secure defaults.

`make run` uses these settings too (production-like, on plain HTTP on 127.0.0.1), with
SECURE_SSL_REDIRECT and the secure-cookie flags switched off through the environment.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

from .base import *

IS_PRODUCTION = True
DEBUG = False
if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG ne peut pas être activé avec les réglages de production.")

SECRET_KEY = env_str("SECRET_KEY")
PLACEHOLDER_KEYS = {"", "change-me", "changeme", "remplacez-moi", "secret"}
if SECRET_KEY.lower() in PLACEHOLDER_KEYS or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY manque ou n’est pas une vraie clé (50 caractères aléatoires attendus) : "
        "définissez-la dans l’environnement."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS est vide : indiquez le ou les noms de domaine du site, séparés par des virgules."
    )

# Anonymous pages from the cache for ten minutes unless said otherwise; without Redis, the
# cache is files under VAR_DIR, shared by the workers of this machine (one process's memory
# would miss the other workers' invalidations).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
if not REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "access.file_cache.UncompressedFileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    # Sessions read from the same files, written to the database too (Django's cached_db): a
    # logged-in user's request reads no session row. Not with Redis: a session closed while
    # Redis is down would be deleted from the database only, and valid again once it is back.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "pages"
    # The contact form's counts per address, shared by the workers (home.contact).
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "limits",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# "preload" in the header only allows a submission to the browsers' list; it submits nothing.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
