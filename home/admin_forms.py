"""The admin's login form, with the label Wagtail leaves to Django's field name."""

from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's password field has no label: Django shows its name, « Password »."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mot de passe"
