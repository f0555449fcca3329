"""A participant's own pages in a real browser (issue 19, points 4 and 5): from the
participants' area, they correct their directory entry (a phone number first mistyped, their
e-mail shown to the others, a new service that waits for the staff) and choose how often
they hear of what is new; another participant reads the entry in the area's directory, a
visitor reads neither the phone nor the address, and the public page keeps the old service
until the staff publish the change."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from access.roles import PARTICIPANTS_GROUP
from people.factories import UserFactory
from people.models import DigestPreference
from territoires.models import TeamMember

from .steps import log_in_to_the_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "04 76 00 00 00"
SERVICE = "Mission commerce de proximité"


def test_a_participant_edits_their_entry_and_their_news_and_the_others_see_it(page, demo_site):
    other_person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    other = UserFactory(username="participant.villeurbanne", password=settings.DEMO_PASSWORD)
    other.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    other_person.user = other
    other_person.save()
    person = get_user_model().objects.get(username="participant").person
    if not person.email:
        person.email = "participante@example.org"
        person.save()
    email = person.email

    log_in_to_the_site(page, demo_site, "participant")
    page.goto(demo_site + "/espace-participants/")
    page.get_by_role("link", name="Modifier ma fiche de l’annuaire").click()
    page.wait_for_url(demo_site + "/compte/annuaire/")
    # A mistyped number: said in French, and what was typed is kept.
    page.get_by_label("Téléphone").fill("04 76 AB")
    page.get_by_label("Montrer mon adresse électronique aux autres participants").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").filter(has_text="Ce numéro n’est pas lisible").is_visible()
    assert page.get_by_label("Téléphone").input_value() == "04 76 AB"
    assert page.get_by_label(
        "Montrer mon adresse électronique aux autres participants"
    ).is_checked()
    page.get_by_label("Téléphone").fill(PHONE)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Vos coordonnées dans l’annuaire sont enregistrées.").is_visible()
    # A change shown on public pages waits for the staff.
    page.get_by_label("Service").fill(SERVICE)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.get_by_text("il paraîtra sur les pages publiques après sa validation").is_visible()
    assert page.get_by_text("Une modification de votre fiche attend la validation").is_visible()
    assert page.get_by_label("Service").input_value() == SERVICE

    # The news: from « Mon compte », each new item rather than weekly.
    page.get_by_role("link", name="Mon compte", exact=True).click()
    page.get_by_role("link", name="Nouveautés par courriel").click()
    page.wait_for_url(demo_site + "/compte/notifications/")
    assert page.get_by_label("Une fois par semaine").is_checked()
    page.get_by_label("À chaque nouveauté").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.get_by_text("C’est noté\u00a0: à chaque nouveauté.").is_visible()
    page.reload()
    assert page.get_by_label("À chaque nouveauté").is_checked()
    preference = DigestPreference.objects.get(user__username="participant")
    assert preference.frequency == DigestPreference.Frequency.IMMEDIATE

    # Another participant reads the entry in the area's directory.
    log_in_to_the_site(page, demo_site, "participant.villeurbanne")
    page.goto(demo_site + "/espace-participants/#area-directory")
    grenoble = page.locator("details.area-directory", has_text="Grenoble")
    grenoble.locator("summary").click()
    card = grenoble.locator(".person-card", has_text=person.full_name)
    assert card.get_by_role("link", name=PHONE).is_visible()
    assert card.get_by_role("link", name=email).is_visible()

    # A visitor reads neither, and the public page keeps the published service.
    page.context.clear_cookies()
    page.goto(demo_site + "/territoires/grenoble/")
    public = page.inner_text("main")
    assert person.full_name in public
    assert PHONE not in public and email not in public
    assert SERVICE not in public
    # Once the staff publish it, it shows (the draft above was the real change).
    person.refresh_from_db()
    person.get_latest_revision().publish()
    page.reload()
    assert SERVICE in page.inner_text("main")
