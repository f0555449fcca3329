"""The editorial workflow's e-mails: each step writes to its own group, the author hears of
the outcome, links use the site's real address, and the French is that of the association."""

import io
import re

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Site, WorkflowState

import pytest

from access.roles import EDITORS_GROUP, PUBLISHERS_GROUP, REVIEWERS_GROUP, setup_roles
from home.models import ContentPage
from people.factories import UserFactory

from .staff import member

pytestmark = pytest.mark.django_db

ADMIN_BASE = "https://admin.formation.example.org"
# Wagtail's words and its French translation's familiar tone.
UNWANTED = re.compile(r"\b(salut|workflow|moderation|modération|hello|here|ici)\b", re.I)


@pytest.fixture
def people(demo, settings):
    settings.WAGTAILADMIN_BASE_URL = ADMIN_BASE
    setup_roles()
    call_command(
        "set_site_address", hostname="formation.example.org", port="443", stdout=io.StringIO()
    )
    return {
        "editor": member(EDITORS_GROUP, "editrice"),
        "reviewer": member(REVIEWERS_GROUP, "relectrice"),
        "publisher": member(PUBLISHERS_GROUP, "publieuse"),
        "superuser": UserFactory(
            username="patronne", email="patronne@example.org", is_superuser=True
        ),
    }


def submit(client, editor, page, title):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {"title": title, "slug": page.slug, "action-submit": "submit", "body-count": "0"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def act(client, user, page, state, action, comment=""):
    client.force_login(user)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )
    assert response.status_code == 302
    state.refresh_from_db()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def assert_professional_french(message):
    text = re.sub(r"https?://\S+", "", f"{message.subject}\n{message.body}")
    assert not UNWANTED.search(text), text
    assert "None" not in text, text
    assert message.body.startswith("Bonjour"), message.body
    assert "circuit de validation" in message.body, message.body
    assert "Cordialement" in message.body


@pytest.fixture
def page(demo):
    return ContentPage.objects.get(slug="la-formation")


def test_each_step_writes_to_its_group_only_and_the_author_hears_of_the_outcome(
    client, people, page
):
    mail.outbox.clear()
    state = submit(client, people["editor"], page, "La formation-action (relue)")
    # The reviewers' step: the reviewers only (the demo's reviewer and ours), not the
    # superusers, not the publishers.
    assert recipients() == ["relecteur@example.org", "relectrice@example.org"]
    for message in mail.outbox:
        assert_professional_french(message)
        assert "Relecture par un partenaire" in message.subject
        assert f"{ADMIN_BASE}/admin/pages/{page.pk}/edit/" in message.body
        assert "soumise par Editrice" in message.body

    mail.outbox.clear()
    act(client, people["reviewer"], page, state, "approve")
    # The publication step: the publishers only.
    assert set(recipients()) == {"publieuse@example.org"} | {
        user.email for user in Group.objects.get(name=PUBLISHERS_GROUP).user_set.all() if user.email
    }
    assert "patronne@example.org" not in recipients()
    assert "relectrice@example.org" not in recipients()
    for message in mail.outbox:
        assert_professional_french(message)
        assert "Validation et publication" in message.subject

    mail.outbox.clear()
    act(client, people["publisher"], page, state, "approve")
    # The outcome: to the author alone, with the page's public address.
    assert recipients() == ["editrice@example.org"]
    (message,) = mail.outbox
    assert_professional_french(message)
    assert message.subject == "Page validée : « La formation-action (relue) »"
    assert "Voir la page :\nhttps://formation.example.org/la-formation/" in message.body
    assert "localhost" not in message.body


def test_a_request_for_changes_reaches_the_author_with_the_comment(client, people, page):
    state = submit(client, people["editor"], page, "Brouillon de l'éditrice")
    mail.outbox.clear()
    act(client, people["reviewer"], page, state, "reject", "Merci de préciser les dates.")
    assert recipients() == ["editrice@example.org"]
    (message,) = mail.outbox
    assert_professional_french(message)
    assert message.subject == "Modifications demandées : « Brouillon de l'éditrice »"
    assert "Relectrice" in message.body
    assert "« Merci de préciser les dates. »" in message.body
    assert f"{ADMIN_BASE}/admin/pages/{page.pk}/edit/" in message.body


def test_set_site_address_gives_the_default_site_its_address(demo):
    out = io.StringIO()
    call_command("set_site_address", hostname="Formation.Example.org", port="8000", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("formation.example.org", 8000)
    assert "http://formation.example.org:8000/" in out.getvalue()
    assert demo.full_url == "http://formation.example.org:8000/"


@pytest.mark.parametrize(
    ("hostname", "port"),
    [
        ("http://formation.example.org", "80"),
        ("formation.example.org/x", "80"),
        ("formation.example.org", "0"),
        ("formation.example.org", "http"),
        ("", "80"),
        ("0.0.0.0", "8000"),  # noqa: S104 - an address the command must refuse
    ],
)
def test_set_site_address_refuses_what_is_not_an_address(demo, hostname, port):
    with pytest.raises(CommandError):
        call_command("set_site_address", hostname=hostname, port=port, stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_the_other_notifications_are_in_french_too(people, page):
    """Submission to the workflow (superusers only, when WAGTAILADMIN_NOTIFICATION_INCLUDE_
    SUPERUSERS is set back) and comments: rendered as Wagtail renders them."""
    from types import SimpleNamespace

    from django.conf import settings
    from django.template.loader import render_to_string

    from wagtail.models import Workflow

    comment = SimpleNamespace(text="Préciser la date.")
    contexts = {
        "workflow_state_submitted": {
            "page": page,
            "object": page,
            "workflow": Workflow.objects.get(active=True),
            "requested_by": people["editor"],
        },
        "updated_comments": {
            "page": page,
            "editor": people["editor"],
            "new_comments": [comment],
            "resolved_comments": [comment],
            "deleted_comments": [],
            "replied_comments": [{"comment": comment, "replies": [comment]}],
        },
    }
    for notification, context in contexts.items():
        context = {"settings": settings, "user": people["reviewer"], **context}
        prefix = f"wagtailadmin/notifications/{notification}"
        message = mail.EmailMessage(
            render_to_string(f"{prefix}_subject.txt", context).strip(),
            render_to_string(f"{prefix}.txt", context).strip(),
        )
        text = re.sub(r"https?://\S+", "", f"{message.subject}\n{message.body}")
        assert not UNWANTED.search(text), text
        assert "None" not in text, text
        assert message.body.startswith("Bonjour Relectrice,"), message.body
        assert f"{ADMIN_BASE}/admin/pages/{page.pk}/edit/" in message.body
