"""The site's addresses plus the benchmark's floor (config.settings.bench, `make bench`).

The floor answers a page of the asked size through the same middleware as every page, with
no query, no template and no Wagtail: what Django and the middleware cost by themselves. A
page's CPU per request divided by the floor's says how much of it is the site's own work.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns

LARGEST_FLOOR = 2_000_000


def floor(request):
    try:
        size = min(max(int(request.GET.get("octets", "0")), 0), LARGEST_FLOOR)
    except ValueError:
        size = 0
    head = "<!doctype html><html lang=fr><title>Plancher</title><p>"
    body = head + "x" * max(size - len(head), 0)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("_plancher/", floor, name="bench_floor"), *site_urlpatterns]
