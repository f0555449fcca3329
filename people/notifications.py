"""A person's choice of e-mail news (/compte/notifications/) and the one-click unsubscribe;
the participants' area's address that the e-mails of the apps after this one link to.

The digest itself (what is new, for whom) is built in home.digest, which sees documents and
pages; this room holds what belongs to the account: the preference and the signed link.

The unsubscribe link works without logging in. It carries the account's id and the number
of its current subscription (DigestPreference.subscription), signed with the site's
SECRET_KEY under a salt of its own (a token of another feature cannot be used here), and a
timestamp (an old link, from a message forwarded long ago, stops working). Changing either
breaks the signature: no one can make a link for another account. Opening the link (GET)
shows a button; only the button or a mail client's one-click request (POST, RFC 8058)
unsubscribes, so that a mail scanner that opens every link unsubscribes no one. Using a valid
link twice is harmless: the second time says so. Once the person subscribes again, the links
of the messages sent before no longer unsubscribe them: they say they are out of date.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from wagtail import hooks

from people.models import DigestPreference

# The participants' area's full address, for the e-mails that send people there (a deposit's
# or a proposal's decision): the home app, which owns the area, answers this hook (the apps
# before it may not import it).
AREA_URL_HOOK = "participants_area_url"


def area_url():
    """The participants' area's full address (ending with « / »), or "" without one."""
    for answer in hooks.get_hooks(AREA_URL_HOOK):
        url = answer()
        if url:
            return url
    return ""


UNSUBSCRIBE_SALT = "people.notifications.unsubscribe"
UNSUBSCRIBE_LINK_LIFETIME = timedelta(days=90)


def unsubscribe_token(user, preference=None):
    """The signed token of this account's current subscription."""
    preference = preference if preference is not None else DigestPreference.of(user)
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object(
        {"u": user.pk, "s": preference.subscription}
    )


def unsubscribe_path(user, preference=None):
    return reverse("unsubscribe", args=[unsubscribe_token(user, preference)])


def preference_of_token(token):
    """The preference a link may change, or the reason it cannot be used: ("expired",
    "invalid" or "outdated", None)."""
    signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
    try:
        data = signer.unsign_object(token, max_age=UNSUBSCRIBE_LINK_LIFETIME)
    except signing.SignatureExpired:
        return "expired", None
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return "invalid", None
    user_id = data.get("u") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        return "invalid", None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "invalid", None
    preference = DigestPreference.of(user)
    # The links made before subscriptions were numbered are those of the first one.
    if data.get("s", 1) != preference.subscription:
        return "outdated", None
    return None, preference


@never_cache  # the link is as good as a key to this one setting: kept by no cache
@csrf_exempt  # the signed token is the proof; mail clients post without a form
def unsubscribe(request, token):
    problem, preference = preference_of_token(token)
    if problem:
        return TemplateResponse(
            request, "accounts/unsubscribe.html", {"problem": problem}, status=400
        )
    already = preference.frequency == DigestPreference.Frequency.NEVER
    done = False
    if request.method == "POST" and not already:
        preference.frequency = DigestPreference.Frequency.NEVER
        preference.save(update_fields=["frequency", "updated_at"])
        done = True
    return TemplateResponse(
        request,
        "accounts/unsubscribe.html",
        {"already": already, "done": done, "token": token},
    )


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": "Recevoir les nouveautés de l’espace participants"}
        help_texts = {
            "frequency": "Un courriel en français qui nomme les documents et les pages parus "
            "depuis le précédent, parmi ceux que vous pouvez voir ; aucun courriel quand rien "
            "n’est paru."
        }
        error_messages = {
            "frequency": {
                "required": "Choisissez une fréquence.",
                "invalid_choice": "Choisissez une des fréquences proposées.",
            }
        }


@login_required
def preferences(request):
    preference = DigestPreference.of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            f"C’est noté : {preference.get_frequency_display().lower()}.",
        )
        return redirect("notification_preferences")
    return TemplateResponse(
        request,
        "accounts/notifications.html",
        {"form": form, "preference": preference, "has_email": bool(request.user.email)},
    )


@login_required
def account(request):
    """/compte/: where each account page is."""
    return TemplateResponse(
        request, "accounts/account.html", {"has_person": hasattr(request.user, "person")}
    )
