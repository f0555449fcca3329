"""A failed login in a real browser: the error box stands apart from the first field's label,
on a computer and on a phone."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_error_box_does_not_touch_the_label(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(demo_site + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("personne-inconnue")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    box = page.locator(".form-errors")
    assert "Il vous reste 4 essais" in box.inner_text()
    label = page.locator("main label").first
    gap = label.bounding_box()["y"] - (box.bounding_box()["y"] + box.bounding_box()["height"])
    assert gap >= 16, f"{gap:.0f} px between the error box and the label"
