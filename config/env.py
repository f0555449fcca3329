"""Read the site's configuration from environment variables.

Every setting that differs between machines comes from the environment (see `.env.example`).
Invalid values raise `ImproperlyConfigured` with a French message that `manage.py` and
`config/wsgi.py` print as one line instead of a traceback.
"""

import os

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

TRUE_VALUES = {"1", "true", "yes", "on", "oui", "vrai"}
FALSE_VALUES = {"0", "false", "no", "off", "non", "faux", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"La variable d’environnement {name} vaut « {raw} » : attendu true ou false."
    )


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"La variable d’environnement {name} vaut « {raw} » : attendu un nombre entier."
        ) from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_admins(name):
    """People to write to, as Django's ADMINS: « Nom <adresse>, adresse » → [(nom, adresse)]."""
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    admins = []
    for item in env_list(name):
        display, address = parseaddr(item)
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"La variable d’environnement {name} contient « {item} », qui n’est pas une "
                "adresse électronique (attendu : Nom <adresse>, adresse, …)."
            ) from None
        admins.append((display or address, address))
    return admins


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
}


def database_from_url(url):
    """Parse DATABASE_URL; only PostgreSQL and SQLite are supported."""
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except Exception:  # dj-database-url raises several types; its text may hold the password
        raise ImproperlyConfigured(
            "DATABASE_URL est invalide. "
            "Exemple attendu : postgres://utilisateur:motdepasse@hôte:5432/base"
        ) from None
    if config.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            "DATABASE_URL doit désigner une base PostgreSQL (postgres://…) ou SQLite (sqlite:///…)."
        )
    if config["ENGINE"] == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL ne nomme aucune base de données après l’hôte.")
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server costs seconds, not a hung worker (the 503 page says so).
        config.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
    return config
