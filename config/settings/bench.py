"""`make bench` only: production settings plus the floor, a bare view that makes the
framework's own cost visible beside each page's (config.bench_urls). Never deployed."""

from .production import *

ROOT_URLCONF = "config.bench_urls"
