"""A participant's own directory entry (/compte/annuaire/, people.directory_entry, #19 point 5):
the e-mail is shown to the other participants only once its person agrees, never outside the
area; contact fields apply at once, public fields through the editorial workflow; only one's
own entry can be edited."""

from django.contrib.auth import get_user_model

from wagtail.models import WorkflowState

import pytest

from access.roles import PUBLISHERS_GROUP, REVIEWERS_GROUP, setup_roles
from people.factories import UserFactory
from people.models import Person
from territoires.models import TeamMember

from .conftest import visible_text
from .staff import member
from .test_snippet_workflow import act

pytestmark = pytest.mark.django_db

AREA = "/espace-participants/"
ENTRY = "/compte/annuaire/"


def demo_user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def own(demo):
    """The demo participant's person (Amandine Roux, Grenoble)."""
    return demo_user("participant").person


@pytest.fixture
def neighbour(demo, participants_group):
    """A participant of another territory (Villeurbanne), with an account and an e-mail."""
    person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    user = UserFactory(username="villeurbannais")
    user.groups.add(participants_group)
    Person.objects.filter(pk=person.pk).update(user=user)
    person.refresh_from_db()
    assert person.email and not person.show_email
    return person


def form_of(person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role": person.role,
        "job_title": person.job_title,
        "organisation": person.organisation_id or "",
        "service": person.service,
        "phone": person.phone,
    }
    if person.show_email:
        data["show_email"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


USERS = ["anonymous", "outsider", "same_territory", "other_territory", "editor"]


@pytest.fixture(params=USERS)
def viewer(request, client, demo, neighbour, participants_group):
    """The privacy matrix of #19: the neighbour's entry seen by each user."""
    if request.param == "outsider":
        client.force_login(UserFactory(username="curieux"))
    elif request.param == "same_territory":
        user = UserFactory(username="collegue")
        user.groups.add(participants_group)
        colleague = (
            TeamMember.objects.filter(territory__slug="villeurbanne")
            .exclude(person=neighbour)
            .first()
            .person
        )
        Person.objects.filter(pk=colleague.pk).update(user=user)
        client.force_login(user)
    elif request.param == "other_territory":
        client.force_login(demo_user("participant"))
    elif request.param == "editor":
        client.force_login(demo_user("editeur.aradel"))
    client.who = request.param
    client.may_open_area = request.param not in {"anonymous", "outsider"}
    return client


def test_an_e_mail_is_shown_only_after_consent_and_only_in_the_area(viewer, neighbour):
    pages = [AREA, "/", "/territoires/villeurbanne/", f"/recherche/?q={neighbour.last_name}"]
    for url in pages:
        assert neighbour.email not in viewer.get(url).content.decode(), (viewer.who, url)

    Person.objects.filter(pk=neighbour.pk).update(show_email=True, phone="04 78 00 00 01")
    area = viewer.get(AREA)
    assert (neighbour.email in area.content.decode()) == viewer.may_open_area
    assert ("04 78 00 00 01" in visible_text(area)) == viewer.may_open_area
    for url in pages[1:]:
        html = viewer.get(url).content.decode()
        assert neighbour.email not in html and "04 78 00 00 01" not in html, (viewer.who, url)


def test_the_demo_participant_has_agreed_and_the_others_not(client, own):
    client.force_login(own.user)
    html = client.get(AREA).content.decode()
    assert f'href="mailto:{own.email}"' in html
    assert html.count('class="person-card__email"') == 1
    assert 'href="/compte/annuaire/"' in html


def test_contact_fields_apply_at_once(client, own):
    client.force_login(own.user)
    Person.objects.filter(pk=own.pk).update(show_email=False)
    own.refresh_from_db()
    revisions = own.revisions.count()
    response = client.post(ENTRY, form_of(own, phone="04 76 12 34 56", show_email="on"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.phone == "04 76 12 34 56" and own.show_email
    assert own.revisions.count() == revisions  # no draft for the reviewers
    assert "Vos coordonnées dans l’annuaire sont enregistrées." in visible_text(
        client.get(ENTRY)
    ).replace("'", "’")
    html = client.get(AREA).content.decode()
    assert 'href="tel:0476123456"' in html

    # Withdrawn just as easily.
    client.post(ENTRY, form_of(own, show_email=None))
    own.refresh_from_db()
    assert not own.show_email
    assert own.email not in client.get(AREA).content.decode()


def test_public_fields_wait_for_the_editorial_workflow(client, own):
    setup_roles()
    client.force_login(own.user)
    response = client.post(ENTRY, form_of(own, service="mission emploi renommée"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.service != "mission emploi renommée"  # the row keeps the published version
    assert own.has_unpublished_changes
    assert own.get_latest_revision_as_object().service == "mission emploi renommée"
    assert own.latest_revision.user == own.user
    state = own.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert "mission emploi renommée" not in visible_text(client.get("/territoires/grenoble/"))

    # The form shows what waits, and says it waits.
    client.force_login(own.user)
    text = visible_text(client.get(ENTRY))
    assert "attend la validation" in text
    assert 'value="mission emploi renommée"' in client.get(ENTRY).content.decode()

    # Meanwhile the participant gives a phone number: the publication keeps it.
    client.post(ENTRY, form_of(own.get_latest_revision_as_object(), phone="04 76 00 00 09"))
    act(client, member(REVIEWERS_GROUP, "relectrice"), own, "approve")
    own.refresh_from_db()
    act(client, member(PUBLISHERS_GROUP, "publieuse"), own, "approve")
    own.refresh_from_db()
    assert own.service == "mission emploi renommée"
    assert own.phone == "04 76 00 00 09"
    client.logout()
    assert "mission emploi renommée" in visible_text(client.get("/territoires/grenoble/"))


def test_an_editors_draft_is_not_thrown_away(client, own):
    setup_roles()
    draft = own.get_latest_revision_as_object()
    draft.job_title = "Titre proposé par l’équipe"
    draft.save_revision(user=demo_user("editeur.aradel"))
    client.force_login(own.user)
    client.post(ENTRY, form_of(draft, service="service renommé"))
    own.refresh_from_db()
    latest = own.get_latest_revision_as_object()
    assert latest.job_title == "Titre proposé par l’équipe"
    assert latest.service == "service renommé"


def test_only_ones_own_entry_can_be_edited(client, own, neighbour):
    """No address nor field names a person: a forged id changes nothing but one's own."""
    before = {f: getattr(neighbour, f) for f in ("phone", "show_email", "first_name", "service")}
    client.force_login(own.user)
    data = form_of(own, phone="04 76 99 99 99")
    data.update(id=neighbour.pk, pk=neighbour.pk, person=neighbour.pk, user=neighbour.user_id)
    assert client.post(ENTRY, data).status_code == 302
    assert client.post(f"{ENTRY}?id={neighbour.pk}", data).status_code == 302
    assert client.get(f"/compte/annuaire/{neighbour.pk}/").status_code == 404
    neighbour.refresh_from_db()
    assert {f: getattr(neighbour, f) for f in before} == before
    assert neighbour.latest_revision_id == neighbour.live_revision_id
    own.refresh_from_db()
    assert own.phone == "04 76 99 99 99"


def test_who_has_no_entry_is_told_so(client, demo):
    assert client.get(ENTRY).url.startswith("/connexion/?next=")
    client.force_login(UserFactory(username="sansfiche"))
    response = client.get(ENTRY)
    assert response.status_code == 404
    assert "n’est relié à aucune fiche" in response.content.decode()
    assert client.post(ENTRY, {"phone": "0476000000"}).status_code == 404


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"phone": "appelez-moi"}, "Ce numéro n’est pas lisible"),
        ({"phone": "12"}, "Ce numéro n’est pas lisible"),
        ({"role": "roi"}, "Choisissez un rôle de la liste."),
        ({"organisation": "999999"}, "Choisissez une organisation de la liste."),
        ({"first_name": ""}, "Ce champ est obligatoire."),
        ({"first_name": "x" * 500}, "100 caractères"),
    ],
)
def test_bad_input_is_told_in_french_and_changes_nothing(client, own, changes, message):
    client.force_login(own.user)
    revisions = own.revisions.count()
    response = client.post(ENTRY, form_of(own, show_email=None, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    own.refresh_from_db()
    assert own.show_email  # the demo participant's consent, untouched
    assert own.revisions.count() == revisions


def test_a_second_change_replaces_the_one_waiting(client, own):
    """The reviewers see the latest version, never an older one left in progress."""
    setup_roles()
    client.force_login(own.user)
    client.post(ENTRY, form_of(own, service="premier essai"))
    first = own.current_workflow_state
    client.post(ENTRY, form_of(own, service="second essai"))
    own.refresh_from_db()
    first.refresh_from_db()
    assert first.status == WorkflowState.STATUS_CANCELLED
    states = WorkflowState.objects.for_instance(own).filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert states.count() == 1
    assert states.get().current_task_state.revision.as_object().service == "second essai"


def test_a_locked_entry_refuses_public_changes_and_keeps_contact_ones(client, own):
    setup_roles()
    editor = demo_user("editeur.aradel")
    Person.objects.filter(pk=own.pk).update(locked=True, locked_by=editor)
    client.force_login(own.user)
    response = client.post(ENTRY, form_of(own, service="pendant le verrou", phone="0476000001"))
    own.refresh_from_db()
    assert own.phone == "0476000001"
    assert own.get_latest_revision_as_object().service != "pendant le verrou"
    assert "en cours de modification par l’équipe" in visible_text(
        client.get(response.url)
    ).replace("'", "’")
