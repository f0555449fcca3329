"""Turn a configuration error into one clear line instead of a traceback."""

import sys

from django.core.exceptions import ImproperlyConfigured


def exit_on_configuration_error(run):
    try:
        return run()
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Erreur de configuration : {error}\n")
        raise SystemExit(2) from None
