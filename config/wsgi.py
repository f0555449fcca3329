"""WSGI entry point for gunicorn; static files are served by whitenoise's middleware."""

import os

from django.core.wsgi import get_wsgi_application

from config.startup import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = exit_on_configuration_error(get_wsgi_application)
