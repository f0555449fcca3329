"""The admin's login form, with the label Wagtail leaves to Django's field name."""

from wagtail.admin.forms.auth import LoginForm

from people.forms import LockoutWarningMixin


class AdminLoginForm(LockoutWarningMixin, LoginForm):
    """Wagtail's password field has no label: Django shows its name, « Password ». A failed
    login reads as on the public site, with the tries left before the lock."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mot de passe"
