"""Test settings: fast password hashing, in-memory e-mail, uploads in a throwaway folder."""

import atexit
import shutil
import tempfile
from pathlib import Path

from config.env import env_str

from .base import *

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_scratch = Path(tempfile.mkdtemp(prefix="deu-tests-"))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or _scratch / "media")
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or _scratch / "private")
# Tests render templates without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = _scratch / "static"
STATIC_ROOT.mkdir()

# Uploaded test files go with the run.
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)

# Deposits' texts are read by calling the job in the test that wants it: a thread would write
# outside the test's transaction.
DEPOSIT_READ_IN_THREAD = False
