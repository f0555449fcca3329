"""Two-factor authentication for the staff, in Wagtail's admin (django-otp).

A password alone opens the admin no more to those who can publish and change privacy: the
members of the groups of REQUIRED_GROUPS (and superusers) must enrol an authenticator app
(TOTP) before the admin opens, then give a code from it, or one of their recovery codes, at
each login. Other staff may enrol; once enrolled, the code is asked of them too. Participants
never see any of it: only addresses under the admin are concerned.

wagtail-2fa, the package made for this, breaks on Wagtail 8 (an import Wagtail 8 removed) and
on django-otp 1.7.1+ (it no longer says which device a code is for): this is the same idea on
django-otp's own models, middleware and throttling, in a few views of the admin.

- A code is accepted once (django-otp's TOTP keeps the last time step used: a replayed code is
  refused), and repeated wrong codes are refused for a growing delay (django-otp's throttling:
  1, 2, 4, 8, 16 s…), said in French.
- Recovery codes (django-otp's static tokens) are shown once, each usable once.
"""

from base64 import b32encode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe

import segno
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.roles import ADMINISTRATORS_GROUP, PUBLISHERS_GROUP

REQUIRED_GROUPS = (ADMINISTRATORS_GROUP, PUBLISHERS_GROUP)
RECOVERY_CODES = 10
# After this many wrong codes in a row, the answer says how long to wait (django-otp doubles
# the delay at each one: 1, 2, 4, 8, 16 s…).
WRONG_CODES_BEFORE_WARNING = 5
APP_DEVICE_NAME = "Application d’authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"


def is_required(user):
    """Whether this staff member must use a second factor to open the admin."""
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def has_admin_access(user):
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: an admin address asked by staff who have not given
    their second factor in this session leads to the code (enrolled), or to enrolment
    (required), or through (neither)."""

    # The admin's addresses these users may reach before the second factor: the pages of the
    # login, and what they load (translations, the icons' sprite, which the page injects).
    OPEN_TO_ALL = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        detour = self._detour(request)
        return detour if detour is not None else self.get_response(request)

    def _detour(self, request):
        admin = reverse("wagtailadmin_home")
        if not request.path.startswith(admin):
            return None
        user = getattr(request, "user", None)
        if user is None or not has_admin_access(user) or user.is_verified():
            return None
        if request.path in {reverse(name) for name in self.OPEN_TO_ALL}:
            return None
        if user_has_device(user):
            target = "two_factor_verify"
        elif is_required(user):
            target = "two_factor_enrol"
        else:
            return None
        if request.path == reverse(target):
            return None
        return HttpResponseRedirect(
            reverse(target) + "?" + urlencode({"next": request.get_full_path()})
        )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        help_text="Les 6 chiffres de votre application, ou un code de secours.",
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


def _throttled_message(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = data.get("locked_until") if data else None
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 60
    return (
        f"Trop de codes erronés : par sécurité, attendez {seconds} seconde(s) avant "
        "d’en saisir un autre."
    )


def _check_code(user, code):
    """(device, None) when the code opens the admin, else (None, the French reason)."""
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            refusal = _throttled_message(device)  # asked again before its delay is over
            if refusal:
                return None, refusal
            if device.verify_token(code):
                return device, None
            if device.throttling_failure_count >= WRONG_CODES_BEFORE_WARNING:
                return None, _throttled_message(device)
    return None, "Ce code est incorrect, expiré ou déjà utilisé."


def verify(request):
    """The second factor at login."""
    if not has_admin_access(request.user):
        raise PermissionDenied
    next_url = _safe_next(request, reverse("wagtailadmin_home"))
    if request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, refusal = _check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {left}. "
                    "Créez-en de nouveaux dans Compte › Double authentification.",
                )
            return redirect(next_url)
        form.add_error("code", refusal)
    return TemplateResponse(request, "two_factor/verify.html", {"form": form, "next": next_url})


def _new_recovery_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset()
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def _qr_svg(url):
    # segno writes the SVG itself (no image, nothing from another host): safe to inline.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#1b1b1b"))  # noqa: S308


def enrol(request):
    """Add (or replace) the authenticator app: a secret shown once as a QR code and as text,
    confirmed by a first code; then the recovery codes, shown once."""
    if not has_admin_access(request.user):
        raise PermissionDenied
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(reverse("two_factor_verify") + "?" + urlencode({"next": request.path}))
    next_url = _safe_next(request, reverse("wagtailadmin_home"))
    # One pending secret per user, kept until confirmed: a page opened twice shows the same.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": APP_DEVICE_NAME}
    )
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = "Les 6 chiffres que l’application affiche."
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save()
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            return TemplateResponse(
                request, "two_factor/codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error(
            "code",
            _throttled_message(device)
            or "Ce code ne correspond pas : vérifiez l’heure de votre téléphone et réessayez.",
        )
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "two_factor/enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": is_required(user),
            "replacing": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


def overview(request):
    """Compte › Double authentification: the state, new recovery codes, switching it off
    (for those not required to use it)."""
    if not has_admin_access(request.user):
        raise PermissionDenied
    user = request.user
    if request.method == "POST" and user.is_verified():
        action = request.POST.get("action")
        if action == "codes":
            return TemplateResponse(
                request,
                "two_factor/codes.html",
                {"codes": _new_recovery_codes(user), "next": reverse("two_factor")},
            )
        if action == "disable" and not is_required(user):
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(request, "La double authentification est désactivée.")
            return redirect("two_factor")
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return TemplateResponse(
        request,
        "two_factor/overview.html",
        {
            "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "codes_left": recovery.token_set.count() if recovery else 0,
            "required": is_required(user),
        },
    )


def urls():
    return [
        path("double-authentification/", overview, name="two_factor"),
        path("double-authentification/code/", verify, name="two_factor_verify"),
        path("double-authentification/application/", enrol, name="two_factor_enrol"),
    ]
