"""Settings shared by every environment; values that vary come from the environment."""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_admins, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the site writes at run time (SQLite database, uploads) lives under var/,
# which git ignores.
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

IS_PRODUCTION = False
DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project's apps, foundation first: an app only imports apps listed above it.
    "access",
    "people",
    "editorial",
    "sessions.apps.SessionsConfig",
    "territoires",
    "documents",
    "capitalisation",
    "home",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything that reads a session or builds a header: a hit for a visitor without
    # a session cookie is answered here, with the headers stored with the page (home.page_cache).
    "home.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The staff's second factor in the admin (people.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "people.two_factor.TwoFactorMiddleware",
    "home.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.middleware.ContentSecurityPolicyMiddleware",
    "home.middleware.VisibleRedirectMiddleware",
    "home.middleware.KeptRouteMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp). The public site runs no inline script or style and
# loads nothing from another host; JSON-LD blocks are data, which CSP does not block.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin needs inline scripts and styles, blob: images (uploads) and its own
# previews in frames; it still loads nothing from another host.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Caches. "default" (Wagtail's own small caches) stays in each process's memory: an outage
# elsewhere cannot break page URLs. "pages" holds whole pages for anonymous visitors
# (home.page_cache): Redis when REDIS_URL is set (shared by several app servers), else this
# process's memory (production settings switch to files on disk, shared by the workers of
# one machine). Short timeouts: an unreachable Redis costs a second, then pages are rendered
# without it.
REDIS_URL = env_str("REDIS_URL")
# "limits" counts the contact form's sendings per address (home.contact): it must be shared by
# the workers that answer (files on one machine in production, Redis across several).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
if REDIS_URL:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES["limits"] = {**CACHES["pages"], "KEY_PREFIX": "limits"}
# Whole pages for anonymous visitors (home.page_cache); 0 switches it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# The footer and the menu, per audience, for every page (home.page_cache.shared_fragment).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 0)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # site/ holds the site-wide templates and static files (it cannot be a Python
        # package: `site` is a standard-library module).
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI); SQLite under var/ otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    # The embedded default for a first run: SQLite can create the file, not its folder.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# django-axes first: after LOGIN_FAILURE_LIMIT failed logins to one account from one address,
# or LOGIN_ADDRESS_FAILURE_LIMIT from one address whatever the accounts, that pair or that
# address is locked for LOGIN_LOCKOUT_MINUTES; an unknown account is answered the same way.
# Behind TRUSTED_PROXY_COUNT proxies the address comes from X-Forwarded-For (people.lockout).
# Then Django's ModelBackend as people.backends.AccountBackend, which reads the signed-in
# account and its groups in one statement on each request.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.backends.AccountBackend",
]
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT est le nombre de proxys devant le site : 0 ou plus."
    )
AXES_CLIENT_IP_CALLABLE = "people.lockout.client_ip_address"
AXES_HANDLER = "people.lockout.LoginLockoutHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Login records (address, browser, time) are kept this many days, then deleted by
# `manage.py purge_personal_data` (daily); the privacy page says so.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 90)
# The issuer name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Formation DEU 2014"
# A session lasts two weeks (Django's default, said on the privacy page); expired ones are
# deleted by the same command.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French site, French admin, Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Read before the apps' catalogues: Wagtail's French reworded where it says « workflow »,
# « Status », « Salut » or « un(e) » (scripts/french_overrides.py writes it).
LOCALE_PATHS = [BASE_DIR / "site" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static files: site/static plus each app's static/, served by whitenoise with hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
# The few files browsers and tools ask for at the root (/favicon.ico, /apple-touch-icon.png),
# served by whitenoise as they are (scripts/make-icons.py draws them), kept a day by browsers.
WHITENOISE_ROOT = BASE_DIR / "site" / "root"
ROOT_FILES_CACHE_SECONDS = 60 * 60 * 24


def _root_files_cached(headers, path, url):
    if "/" not in url.lstrip("/"):
        headers["Cache-Control"] = f"public, max-age={ROOT_FILES_CACHE_SECONDS}"


WHITENOISE_ADD_HEADERS_FUNCTION = _root_files_cached

# Public media (image renditions) and private media (documents) are two separate folders:
# no web route serves PRIVATE_MEDIA_ROOT, documents go out only through the permission-checked
# view of Wagtail (see documents.storage).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured(
        "PRIVATE_MEDIA_ROOT ne doit pas se trouver dans MEDIA_ROOT : les documents réservés "
        "deviendraient publics."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Image renditions go out through home.images.image_rendition, which checks the privacy of
# their image's collection. With MEDIA_X_ACCEL_REDIRECT (for example "/_medias-internes/",
# an `internal` location of nginx over MEDIA_ROOT), nginx sends the file once the site has
# said yes (docs/deploiement.md); otherwise the application sends it.
MEDIA_X_ACCEL_REDIRECT = env_str("MEDIA_X_ACCEL_REDIRECT")

# Object storage, past one machine: documents and images on an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set (django-storages). Documents stay private there
# (documents.storage); images (originals and renditions) go under `medias/` as private
# objects too (home.s3): renditions leave through the site's route, which checks privacy, with a public
# cache header for public images (a CDN in front of the site keeps those). Credentials come
# from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Short timeouts: an unreachable bucket gives
# a clear error, not a hung worker.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as _BotoConfig

    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_CLIENT_CONFIG = _BotoConfig(
        connect_timeout=2, read_timeout=10, retries={"max_attempts": 2, "mode": "standard"}
    )
    STORAGES["default"] = {
        "BACKEND": "home.s3.ImageS3Storage",
        "OPTIONS": {"location": "medias", "default_acl": "private", "querystring_auth": True},
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "Développement économique urbain — formation-action 2014"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
# Page addresses in ASCII: « séance-6 » is typed « seance-6 » (the admin transliterates as the
# title is typed), like the demo's own pages; an address with an accent is refused.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin loads nothing from another host (and the CSP says so): no Gravatar, no check of
# Wagtail's releases from the browser.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILDOCS_DOCUMENT_MODEL = "documents.Resource"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 50) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Shared-password restrictions store the password in clear and show the page title to anyone
# who has the link: only "logged-in users" and "groups" restrictions are offered.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"password": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"password": False}
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french_unaccent",
    }
}
# Workflow e-mails (wagtailadmin/notifications/ in site/templates, in French): each step
# notifies the members of its task's group, and the author hears of the outcome. Superusers
# are not copied on every step (Wagtail's default), nor told of every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Plain text only: the site's French notifications are the .txt templates.
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
# Wagtail's login form leaves its password field without a label (« Password »).
WAGTAILADMIN_USER_LOGIN_FORM = "home.admin_forms.AdminLoginForm"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"


# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "formation-deu@example.org"
# The contact page (home.ContactPage) e-mails its messages to the addresses set on the page,
# else to CONTACT_EMAIL; a client address may send CONTACT_RATE_LIMIT messages per
# CONTACT_RATE_WINDOW_MINUTES minutes; messages are kept CONTACT_RETENTION_DAYS days in the
# admin, then deleted by purge_personal_data (the privacy page says so).
CONTACT_EMAIL = env_str("CONTACT_EMAIL") or DEFAULT_FROM_EMAIL
CONTACT_RATE_LIMIT = env_int("CONTACT_RATE_LIMIT", 5)
CONTACT_RATE_WINDOW_MINUTES = env_int("CONTACT_RATE_WINDOW_MINUTES", 10)
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365)
# A 500 e-mails its traceback to ADMINS (Django's AdminEmailHandler on django.request, with
# DEBUG off), from SERVER_EMAIL; and, with SENTRY_DSN, goes to Sentry without personal data
# (config.errors).
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Formation DEU] "
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from config.errors import init_sentry

    init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT") or "production")

# The demo command creates accounts with this password; it refuses production settings.
DEMO_PASSWORD = env_str("DEMO_PASSWORD") or "formation-deu-2014"
# The demo's staff who must give a second factor (admin, publication) share this authenticator
# key (base32, as apps take it), known like the demo password: the demo only.
DEMO_TOTP_SECRET = env_str("DEMO_TOTP_SECRET") or "GZQWI3LPMZZG63LBORUW63RNMRSXKLJS"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Every 500 (django.request logs it at ERROR), to ADMINS; nothing when ADMINS is empty.
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        # Replaces Django's default handlers of "django" (which would mail a second copy).
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR"},
        # A periodic job that fails (home.scheduler): to ADMINS, and to the console.
        "home.scheduler": {"handlers": ["mail_admins"], "level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
}

# Text extraction from uploaded documents runs in a child process with these budgets.
DOCUMENT_EXTRACTION_TIMEOUT = env_int("DOCUMENT_EXTRACTION_TIMEOUT", 30)
DOCUMENT_EXTRACTION_MEMORY_MB = env_int("DOCUMENT_EXTRACTION_MEMORY_MB", 768)
# Text search configuration of the resource library (created by documents' migrations on
# PostgreSQL: French stemming with accents folded).
DOCUMENT_SEARCH_CONFIG = "french_unaccent"
# The participants' deposits (documents.deposits): how much each participant, and each
# territory's team together, may store; a staff member lifts a quota for one person or one
# territory in the deposits' report (Rapports › Dépôts des participants).
DEPOSIT_QUOTA_PER_PARTICIPANT_MB = env_int("DEPOSIT_QUOTA_PER_PARTICIPANT_MB", 200)
DEPOSIT_QUOTA_PER_TERRITORY_MB = env_int("DEPOSIT_QUOTA_PER_TERRITORY_MB", 1000)
# A deposit's text is read after the answer, in a thread of the web process; the scheduler
# reads what a thread left (a restart): documents.deposits.read_waiting_texts.
DEPOSIT_READ_IN_THREAD = env_bool("DEPOSIT_READ_IN_THREAD", True)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.ResourceForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.image_forms.ImageForm"

# Accounts on the public site (people.urls); Wagtail's restricted pages send there too.
LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/connexion/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = None  # the logout page says it is done
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
