"""Accounts' views of the public site that Django's own do not give as they are."""

from django.contrib.auth import views as auth_views
from django.template.response import TemplateResponse


class LogoutView(auth_views.LogoutView):
    """Django logs out on POST only (a link could log anyone out): GET shows the button."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, self.template_name, self.get_context_data())
