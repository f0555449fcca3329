"""The accounts' forms in plain French: a failed login says what went wrong and how many tries
are left before the lock, in the same words whether or not the account exists."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from people.lockout import attempts_left, lockout_duration

NBSP, NNBSP = "\u00a0", "\u202f"  # before « : », and before « ; ! ? »
INVALID_LOGIN = "Nom d’utilisateur ou mot de passe incorrect (attention aux majuscules)."


def lock_warning(request):
    """What a failed login adds: the tries left, then how long the lock lasts."""
    left = attempts_left(request)
    if not left:
        # Not counted (whitelisted address), or the lock itself, which has its own page.
        return ""
    duration = lockout_duration(request)
    lock = "la connexion sera suspendue" + (f" pendant {duration}" if duration else "")
    if left == 1:
        return f"Attention{NBSP}: il vous reste un seul essai. Après un nouvel échec, {lock}."
    return f"Il vous reste {left} essais{NNBSP}; après, {lock}."


class LockoutWarningMixin:
    """For Django's and Wagtail's login forms: one message for a wrong password, an unknown
    name or an inactive account (telling them apart would say which accounts exist), with
    the tries left that django-axes counted for this request."""

    def get_invalid_login_error(self):
        message = " ".join(filter(None, [INVALID_LOGIN, lock_warning(self.request)]))
        return forms.ValidationError(message, code="invalid_login")


class LoginForm(LockoutWarningMixin, AuthenticationForm):
    """The public site's login form (/connexion/)."""


class AccountPasswordResetForm(PasswordResetForm):
    """The site says « courriel », where Django's form says « Adresse électronique »."""

    email = forms.EmailField(
        label="Courriel",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez le courriel de votre compte.",
            "invalid": "Ce courriel n’est pas complet\u00a0: il s’écrit nom@domaine.fr.",
        },
    )
