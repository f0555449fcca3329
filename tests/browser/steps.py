"""Steps that several browser journeys take: logging in (to the admin, with the second factor
of those who publish, or to the public site as participants do) and choosing an action of the
page editor."""

import time
from base64 import b32decode

from django.conf import settings

from django_otp.oath import TOTP


def demo_code():
    """The code the demo's authenticator app shows now (settings.DEMO_TOTP_SECRET)."""
    key = b32decode(settings.DEMO_TOTP_SECRET)
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def log_in_to_the_admin(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_load_state()
    if "/double-authentification/code/" in page.url:  # those who publish give a second factor
        page.get_by_label("Code").fill(demo_code())
        page.get_by_role("button", name="Valider").click()
    page.wait_for_url(base + "/admin/")


def log_in_to_the_site(page, base, username):
    """The public site's own login page, as participants use it."""
    page.context.clear_cookies()
    page.goto(base + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def choose_action(page, name):
    """Click an item of the page editor's action menu, opening its dropdown if need be."""
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        button.click()
    # Wagtail says what it did in a message; an error would show as one too.
    assert page.locator(".messages .success").count() == 1, page.locator(".messages").inner_text()
