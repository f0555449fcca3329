"""CPU per request of an image rendition, public and restricted, served by the application
(home.images), in this process: `scripts/bench-renditions.sh` runs it on a throwaway
PostgreSQL. Prints figures; asserts nothing (machines here are noisy: compare in one run)."""

import io
import os
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.images.models import Image  # noqa: E402

from PIL import Image as PILImage  # noqa: E402

REQUESTS = int(os.environ.get("REQUESTS", "2000"))


def main():
    call_command("migrate", verbosity=0)
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "#1d4e5f").save(buffer, "PNG")
    image = Image.objects.create(title="Atelier", file=ImageFile(buffer, name="atelier.png"))
    url = image.get_rendition("width-800|format-webp").url
    client = Client()
    for _ in range(50):  # warm the caches of the process
        b"".join(client.get(url).streaming_content)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(REQUESTS):
        response = client.get(url)
        b"".join(response.streaming_content)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(f"{url}: {response.status_code}, {REQUESTS} requêtes")
    print(
        f"CPU par requête : {used / REQUESTS * 1000:.3f} ms ; durée : {wall / REQUESTS * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
