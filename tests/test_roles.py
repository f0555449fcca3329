"""Roles and the editorial workflow, created by code; each role can do its part and no more."""

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, WorkflowState

import pytest

from access.roles import (
    EDITORS_GROUP,
    PARTICIPANTS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    WORKFLOW_NAME,
    setup_roles,
)
from home.models import ContentPage

from .staff import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    setup_roles()
    return {
        "editor": member(EDITORS_GROUP, "editrice"),
        "reviewer": member(REVIEWERS_GROUP, "relectrice"),
        "publisher": member(PUBLISHERS_GROUP, "publieuse"),
        "participant": member(PARTICIPANTS_GROUP, "participante2"),
    }


@pytest.fixture
def formation_page(demo):
    return ContentPage.objects.get(slug="la-formation")


def counts():
    return (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )


def test_setup_roles_is_idempotent_and_repairs_hand_made_changes(db):
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    editors = Group.objects.get(name=EDITORS_GROUP)
    GroupPagePermission.objects.create(
        group=editors, page=Page.get_first_root_node(), permission_type="publish"
    )
    setup_roles()
    assert counts() == first
    assert not GroupPagePermission.objects.filter(
        group=editors, permission__codename="publish_page"
    ).exists()
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_demo_accounts_have_their_roles(demo):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    expected = {
        "editeur.aradel": EDITORS_GROUP,
        "editeur.crdsu": EDITORS_GROUP,
        "relecteur": REVIEWERS_GROUP,
        "publication": PUBLISHERS_GROUP,
        "participant": PARTICIPANTS_GROUP,
    }
    for username, group in expected.items():
        assert list(User.objects.get(username=username).groups.values_list("name", flat=True)) == [
            group
        ]


def test_demo_leaves_a_page_waiting_for_the_reviewer(demo, client):
    from django.contrib.auth import get_user_model

    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == WORKFLOW_NAME
    assert state.requested_by.username == "editeur.aradel"
    assert state.current_task_state.task.name == "Relecture par un partenaire"
    assert not state.content_object.live
    client.force_login(get_user_model().objects.get(username="relecteur"))
    dashboard = client.get("/admin/").content.decode()
    assert "Bilan de la formation-action" in dashboard


def test_editor_cannot_publish_change_privacy_or_manage_users(client, people, formation_page):
    page = formation_page
    client.force_login(people["editor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            "title": "Titre changé par l'éditrice",
            "slug": page.slug,
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "La formation-action"  # the live page did not change
    permissions = page.permissions_for_user(people["editor"])
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_set_view_restrictions()
    privacy = client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
    assert privacy.status_code in (302, 403)
    users = client.get("/admin/users/")
    assert users.status_code in (302, 403)
    assert "Ajouter un utilisateur" not in users.content.decode()


def test_participants_cannot_open_the_admin(client, people):
    client.force_login(people["participant"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _submit(client, editor, page, title):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": title, "slug": page.slug, "action-submit": "submit", "body-count": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk), status="in_progress"
    )


def _act(client, user, page, state, action, comment=""):
    client.force_login(user)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    return task_state


def test_submit_approve_approve_goes_live(client, people, formation_page):
    page = formation_page
    mail.outbox.clear()
    state = _submit(client, people["editor"], page, "La formation-action (relue)")
    assert state.current_task_state.task.name == "Relecture par un partenaire"
    # The reviewers are told, in French.
    subjects = [m.subject for m in mail.outbox if "relectrice@example.org" in m.to]
    assert any(s.startswith("Page à valider") for s in subjects), [m.subject for m in mail.outbox]
    _act(client, people["reviewer"], page, state, "approve", "Très clair.")
    assert state.current_task_state.task.name == "Validation et publication"
    page.refresh_from_db()
    assert page.title == "La formation-action"
    _act(client, people["publisher"], page, state, "approve")
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.title == "La formation-action (relue)"
    assert client.get("/la-formation/").status_code == 200


def test_a_rejection_returns_the_draft_and_the_comment_to_the_editor(
    client, people, formation_page
):
    page = formation_page
    state = _submit(client, people["editor"], page, "Brouillon de l'éditrice")
    task_state = _act(
        client, people["reviewer"], page, state, "reject", "Merci de préciser les dates."
    )
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state.refresh_from_db()
    assert task_state.get_comment() == "Merci de préciser les dates."
    page.refresh_from_db()
    assert page.title == "La formation-action"  # still the live one
    assert page.get_latest_revision_as_object().title == "Brouillon de l'éditrice"
    client.force_login(people["editor"])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Brouillon de l" in edit
    assert "Merci de préciser les dates." in edit


def test_reviewers_cannot_publish_directly(client, people, formation_page):
    page = formation_page
    client.force_login(people["reviewer"])
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            "title": "Publié sans validation",
            "slug": page.slug,
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    page.refresh_from_db()
    assert page.title == "La formation-action"
