"""Refuse requests that carry a NUL character: PostgreSQL cannot store or compare it, and no
page, slug or search of the site contains one."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or any("\x00" in value for values in request.GET.lists() for value in values[1])
            or any("\x00" in key for key in request.GET)
        ):
            return HttpResponseBadRequest(
                render_to_string("400.html", request=request), content_type="text/html"
            )
        return self.get_response(request)
