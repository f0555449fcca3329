"""Shared content (organisations, people, places, themes) goes through the editorial workflow:
an editor's edit is a draft until a reviewer and then a publisher approve it; the public
pages show only what is published. The footer's settings, which Wagtail cannot keep as drafts,
only the Administrateurs edit (issue #16, point 2)."""

import re

from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Site, Workflow, WorkflowContentType, WorkflowState

import pytest

from access.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    WORKFLOW_NAME,
    setup_roles,
)
from access.visibility import anyone, visible_documents
from documents.models import Resource
from editorial.models import Theme
from home.models import FooterSettings
from people.models import Organisation, Person, partners
from sessions.models import Place, SessionPage
from territoires.models import TeamMember, TerritoryPage

from .conftest import visible_text
from .staff import member

pytestmark = pytest.mark.django_db

NEW_NAME = "Agence régionale renommée sans validation"


@pytest.fixture
def people(demo):
    setup_roles()
    return {
        "editor": member(EDITORS_GROUP, "editrice"),
        "reviewer": member(REVIEWERS_GROUP, "relectrice"),
        "publisher": member(PUBLISHERS_GROUP, "publieuse"),
        "administrator": member(ADMINISTRATORS_GROUP, "administratrice"),
    }


@pytest.fixture
def aradel(demo):
    return Organisation.objects.get(short_name="ARADEL")


def url(obj_or_model, name, *args):
    viewset = obj_or_model.snippet_viewset
    return reverse(viewset.get_url_name(name), args=[quote(arg) for arg in args])


def organisation_form(organisation, **changes):
    data = {
        "short_name": organisation.short_name,
        "name": organisation.name,
        "kind": organisation.kind,
        "description": organisation.description,
        "website": organisation.website,
        "is_partner": "on" if organisation.is_partner else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def edit(client, user, organisation, action=None, **changes):
    client.force_login(user)
    data = organisation_form(organisation, **changes)
    if action:
        data[f"action-{action}"] = action
    return client.post(url(organisation, "edit", organisation.pk), data)


def act(client, user, obj, action, comment=""):
    state = obj.current_workflow_state
    client.force_login(user)
    return client.post(
        url(obj, "workflow_action", obj.pk, action, state.current_task_state.pk),
        {"comment": comment},
    )


def public_home(client):
    client.logout()
    return visible_text(client.get("/"))


def test_the_shared_snippets_are_under_the_editorial_workflow(people):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    for model in (Organisation, Person, Place, Theme):
        assert model.get_default_workflow() == workflow, model
    assert WorkflowContentType.objects.filter(workflow=workflow).count() == 4
    setup_roles()  # idempotent
    assert WorkflowContentType.objects.filter(workflow=workflow).count() == 4


def test_the_demo_snippets_are_published(demo):
    for model in (Organisation, Person, Place, Theme):
        assert model.objects.exists()
        assert not model.objects.filter(live=False).exists(), model
        # With a first revision: the edit form can tell a second editor's save (access.snippets).
        assert not model.objects.filter(live_revision__isnull=True).exists(), model


def test_a_snippet_edit_is_a_draft_until_approved(client, people, aradel):
    """An editor renames ARADEL: the home page does not change until the reviewer and the
    publisher have approved the revision."""
    assert aradel.name in public_home(client)

    response = edit(client, people["editor"], aradel, "submit", name=NEW_NAME)
    assert response.status_code == 302, response.content.decode()[:2000]
    aradel.refresh_from_db()
    assert aradel.name != NEW_NAME  # the row keeps the published version
    assert aradel.has_unpublished_changes
    assert aradel.get_latest_revision_as_object().name == NEW_NAME
    state = aradel.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Relecture par un partenaire"
    assert NEW_NAME not in public_home(client)

    response = act(client, people["reviewer"], aradel, "approve", "D’accord.")
    assert response.status_code == 302
    aradel.refresh_from_db()
    assert aradel.current_workflow_state.current_task_state.task.name == (
        "Validation et publication"
    )
    assert aradel.name != NEW_NAME
    assert NEW_NAME not in public_home(client)

    response = act(client, people["publisher"], aradel, "approve")
    assert response.status_code == 302
    aradel.refresh_from_db()
    assert aradel.name == NEW_NAME
    assert not aradel.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert NEW_NAME in public_home(client)


def test_an_editor_cannot_publish_a_snippet_directly(client, people, aradel):
    for action in ("publish", None):  # « Publier », or a plain save
        response = edit(client, people["editor"], aradel, action, name=NEW_NAME)
        assert response.status_code in (200, 302)
        aradel.refresh_from_db()
        assert aradel.name != NEW_NAME
        assert NEW_NAME not in public_home(client)
    # Nor unpublish it.
    client.force_login(people["editor"])
    response = client.post(url(aradel, "unpublish", aradel.pk))
    aradel.refresh_from_db()
    assert aradel.live
    assert response.status_code in (302, 403)


def test_a_publisher_publishes_a_snippet_directly(client, people, aradel):
    response = edit(client, people["publisher"], aradel, "publish", name=NEW_NAME)
    assert response.status_code == 302
    aradel.refresh_from_db()
    assert aradel.name == NEW_NAME
    assert NEW_NAME in public_home(client)


def test_a_new_organisation_is_on_no_public_page_until_published(client, people, demo):
    client.force_login(people["editor"])
    data = {"short_name": "NOUVELLE", "name": NEW_NAME, "kind": "autre", "is_partner": "on"}
    response = client.post(url(Organisation, "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Organisation.objects.get(short_name="NOUVELLE")
    assert not created.live
    for path in ("/", "/la-formation/", "/ressources/"):
        client.logout()
        response = client.get(path)
        assert response.status_code == 200, path
        assert NEW_NAME not in visible_text(response), path
    assert created not in partners()

    client.force_login(people["publisher"])
    response = client.post(url(created, "edit", created.pk), {**data, "action-publish": "1"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.live
    assert NEW_NAME in public_home(client)


def test_a_new_place_or_person_or_theme_is_not_public_until_published(client, demo):
    session = SessionPage.objects.live().order_by("number").first()
    place = Place.objects.create(name="Salle brouillon", locality="Brouillonville", live=False)
    session.place = place
    session.save_revision().publish()
    territory = TerritoryPage.objects.live().first()
    person = Person.objects.create(
        first_name="Personne", last_name="Brouillon", role=Person.Role.CONSULTANT, live=False
    )
    TeamMember.objects.create(territory=territory, person=person)
    theme = Theme.objects.create(name="Thème brouillon", slug="theme-brouillon", live=False)
    document = visible_documents(Resource.objects.all(), anyone()).order_by("pk").first()
    document.themes.add(theme)  # refreshes its search vector (documents.signals)
    client.logout()
    for page in (session, session.get_parent(), territory):
        text = visible_text(client.get(page.url))
        for secret in ("Brouillonville", "Salle brouillon", "Brouillon"):
            assert secret not in text, (page.url, secret)
    calendar = client.get(session.get_parent().url + "calendrier.ics").content.decode()
    assert "Brouillonville" not in calendar
    library = client.get("/ressources/").content.decode()
    assert "Thème brouillon" not in library
    assert "theme-brouillon" not in library
    # Its name does not make the document findable either.
    assert document.title not in visible_text(client.get("/ressources/?q=brouillon"))
    theme.save_revision().publish()
    assert "Thème brouillon" in visible_text(client.get("/ressources/"))
    assert document.title in visible_text(client.get("/ressources/?q=brouillon"))


def test_an_editor_cannot_edit_what_only_publishers_may(client, people, demo):
    """The footer and legal settings keep no drafts (Wagtail's settings have no revisions):
    only the Administrateurs edit them; editors and reviewers cannot even open them."""
    site = Site.objects.get(is_default_site=True)
    settings_url = reverse("wagtailsettings:edit", args=["home", "footersettings", site.pk])
    for role in ("editor", "reviewer"):
        client.force_login(people[role])
        response = client.get(settings_url)
        assert response.status_code in (302, 403), role
        assert not people[role].has_perm("home.change_footersettings")
    assert people["administrator"].has_perm("home.change_footersettings")
    client.force_login(people["administrator"])
    assert client.get(settings_url).status_code == 200
    assert FooterSettings.for_site(site) is not None
    # Publishing a shared snippet is a publisher's right, never an editor's or a reviewer's.
    for model in (Organisation, Person, Place, Theme):
        codename = f"{model._meta.app_label}.publish_{model._meta.model_name}"
        assert people["publisher"].has_perm(codename)
        assert people["administrator"].has_perm(codename)
        assert not people["editor"].has_perm(codename)
        assert not people["reviewer"].has_perm(codename)


def loaded_inputs(html):
    """What an edit form sends back besides the fields: the revision it was loaded with."""
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def loaded_form(client, user, obj):
    client.force_login(user)
    return loaded_inputs(client.get(url(obj, "edit", obj.pk)).content.decode())


def test_two_editors_saving_the_same_snippet_lose_nothing(client, people, aradel):
    second_editor = member(EDITORS_GROUP, "editeur2")
    first_loaded = loaded_form(client, people["editor"], aradel)
    second_loaded = loaded_form(client, second_editor, aradel)

    client.force_login(people["editor"])
    data = organisation_form(aradel, name="Version de la première éditrice")
    response = client.post(url(aradel, "edit", aradel.pk), {**data, **first_loaded})
    assert response.status_code == 302
    aradel.refresh_from_db()
    first_revision = aradel.latest_revision

    client.force_login(second_editor)
    data = organisation_form(aradel, name="Version du second éditeur")
    response = client.post(url(aradel, "edit", aradel.pk), {**data, **second_loaded})
    assert response.status_code == 200  # the form again, not saved
    page = response.content.decode()
    assert "Editrice a enregistré cette fiche le " in page
    assert "Version du second éditeur" in page  # what they typed is still in the form
    aradel.refresh_from_db()
    assert aradel.latest_revision == first_revision
    assert aradel.get_latest_revision_as_object().name == "Version de la première éditrice"
    assert "Version" not in public_home(client)

    # Reloaded, the second editor saves on top of the first one's version.
    reloaded = loaded_form(client, second_editor, aradel)
    response = client.post(url(aradel, "edit", aradel.pk), {**data, **reloaded})
    assert response.status_code == 302
    aradel.refresh_from_db()
    assert aradel.get_latest_revision_as_object().name == "Version du second éditeur"
    assert aradel.revisions.count() >= 2  # the first version is kept in the history


def test_a_reviewer_acting_on_a_step_already_over_publishes_nothing(client, people, aradel):
    second_reviewer = member(REVIEWERS_GROUP, "relecteur2")
    edit(client, people["editor"], aradel, "submit", name="Version soumise")
    aradel.refresh_from_db()
    review = aradel.current_workflow_state.current_task_state
    stale_url = url(aradel, "workflow_action", aradel.pk, "approve", review.pk)
    # While it is in review, nobody else publishes it over the reviewers (the task locks it).
    edit(client, people["publisher"], aradel, "publish", name="Publiée sans relecture")
    aradel.refresh_from_db()
    assert aradel.name != "Publiée sans relecture"

    # Both reviewers opened it; the second approves first.
    assert act(client, second_reviewer, aradel, "approve").status_code == 302
    client.force_login(people["reviewer"])
    response = client.post(stale_url, {"comment": ""}, follow=True)
    assert response.status_code == 200
    assert "cette étape de la validation est déjà terminée" in response.content.decode()
    aradel.refresh_from_db()
    publication = aradel.current_workflow_state.current_task_state
    assert publication.task.name == "Validation et publication"
    assert publication.status == publication.STATUS_IN_PROGRESS
    assert aradel.name != "Version soumise"

    # Published; the old link again (a second tab, a double click): nothing more happens.
    assert act(client, people["publisher"], aradel, "approve").status_code == 302
    aradel.refresh_from_db()
    assert aradel.name == "Version soumise"
    client.force_login(people["reviewer"])
    response = client.post(stale_url, {"comment": ""}, follow=True)
    assert "cette étape de la validation est déjà terminée" in response.content.decode()

    # The editor submits a new version: the old link does not approve it.
    edit(client, people["editor"], aradel, "submit", name="Nouvelle version soumise")
    aradel.refresh_from_db()
    current = aradel.current_workflow_state.current_task_state
    client.force_login(people["reviewer"])
    response = client.post(stale_url, {"comment": ""}, follow=True)
    assert "cette étape de la validation est déjà terminée" in response.content.decode()
    current.refresh_from_db()
    assert current.status == current.STATUS_IN_PROGRESS
    aradel.refresh_from_db()
    assert aradel.name == "Version soumise"
    assert "Nouvelle version soumise" not in public_home(client)


def test_a_draft_name_does_not_make_documents_findable_until_published(client, people, aradel):
    document = visible_documents(Resource.objects.all(), anyone()).order_by("pk").first()
    Resource.objects.filter(pk=document.pk).update(organisation=aradel)
    document.refresh_from_db()
    document.refresh_search_vector()

    def found():
        client.logout()
        return document.title in visible_text(client.get("/ressources/?q=zorglubienne"))

    edit(client, people["editor"], aradel, None, name="Agence zorglubienne")  # a draft
    assert not found()
    edit(client, people["publisher"], aradel, None, name="Agence zorglubienne")  # another
    assert not found()
    edit(client, people["publisher"], aradel, "publish", name="Agence zorglubienne")
    aradel.refresh_from_db()
    assert aradel.name == "Agence zorglubienne"
    assert found()


def test_reverting_to_an_older_revision_is_not_taken_for_someone_elses_save(client, people, aradel):
    first_revision = aradel.latest_revision
    edit(client, people["editor"], aradel, None, name="Brouillon à oublier")
    client.force_login(people["editor"])
    revert_url = url(aradel, "revisions_revert", aradel.pk, first_revision.pk)
    loaded = loaded_inputs(client.get(revert_url).content.decode())
    data = organisation_form(first_revision.as_object())
    response = client.post(revert_url, {**data, **loaded})
    assert response.status_code == 302
    aradel.refresh_from_db()
    assert aradel.get_latest_revision_as_object().name == first_revision.as_object().name


def test_the_participants_directory_shows_no_draft_person_nor_organisation(client, demo):
    territory = TerritoryPage.objects.live().get(slug="grenoble")
    draft_organisation = Organisation.objects.create(short_name="ORGBROUILLON", live=False)
    person = Person.objects.create(
        first_name="Personne",
        last_name="Publiée",
        role=Person.Role.CONSULTANT,
        organisation=draft_organisation,
    )
    draft_person = Person.objects.create(
        first_name="Personne", last_name="Brouillonne", role=Person.Role.CONSULTANT, live=False
    )
    for someone in (person, draft_person):
        TeamMember.objects.create(territory=territory, person=someone)
    client.force_login(get_user_model().objects.get(username="participant"))
    text = visible_text(client.get("/espace-participants/"))
    assert "Annuaire des participants" in text
    assert "Personne Publiée" in text
    assert "ORGBROUILLON" not in text
    assert "Brouillonne" not in text
