"""Local development: DEBUG on, a fixed insecure key unless SECRET_KEY is set."""

from config.env import env_list, env_str

from .base import *

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
