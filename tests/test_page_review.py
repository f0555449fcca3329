"""Pages under « Validation éditoriale », seen from the admin (issue #16, points 5 and 14 and
the bad input on pages): the reviewer compares with the published version; the author reads
the changes asked of them on the edit form and the dashboard, and nobody else does; the
history of a demo page offers to go back to its published version; and a stale form, a
step that is over or a date already past publishes nothing, with a French message."""

import io
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, WorkflowState

import pytest

from access.roles import EDITORS_GROUP, PUBLISHERS_GROUP, REVIEWERS_GROUP, setup_roles
from demo.models import DemoStep
from home.models import ContentPage

from .conftest import visible_text
from .staff import member

pytestmark = pytest.mark.django_db

COMMENT = "Merci de préciser les dates des séances."
BANNER = "Faites les changements, puis soumettez de nouveau"


@pytest.fixture
def people(demo):
    setup_roles()
    return {
        "editor": member(EDITORS_GROUP, "editrice"),
        "other_editor": member(EDITORS_GROUP, "collegue"),
        "reviewer": member(REVIEWERS_GROUP, "relectrice"),
        "second_reviewer": member(REVIEWERS_GROUP, "relecteurbis"),
        "publisher": member(PUBLISHERS_GROUP, "publieuse"),
        "participant": get_user_model().objects.get(username="participant"),
    }


@pytest.fixture
def page(demo):
    return ContentPage.objects.get(slug="la-formation")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def loaded(client, user, page):
    """What the edit form sends back besides the fields: the revision it was loaded with."""
    client.force_login(user)
    html = client.get(edit_url(page)).content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("loaded_revision_id", "loaded_revision_created_at")
    }


def form(page, title, action=None, **extra):
    data = {"title": title, "slug": page.slug, "body-count": "0", **extra}
    if action:
        data[f"action-{action}"] = action
    return data


def post(client, user, page, title, action=None, **extra):
    client.force_login(user)
    return client.post(edit_url(page), form(page, title, action, **extra))


def submit(client, user, page, title):
    response = post(client, user, page, title, "submit")
    assert response.status_code == 302, visible_text(response)[:2000]
    page.refresh_from_db()
    return page.current_workflow_state


def act_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def act(client, user, page, action, comment=""):
    task_state = page.current_workflow_state.current_task_state
    client.force_login(user)
    response = client.post(act_url(page, action, task_state), {"comment": comment})
    page.refresh_from_db()
    return response


def text_of(client, user, url):
    client.force_login(user)
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return visible_text(response)


def compare_live_url(page, revision):
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", revision.pk])


# Point 5: what the reviewer compares


def test_the_reviewer_compares_the_submission_with_the_published_version(client, people, page):
    """The editor saves a draft, then submits it unchanged: Wagtail's « previous version »
    is that identical draft. Everywhere the reviewer starts, the comparison is with the
    published version, and it shows the change."""
    post(client, people["editor"], page, "La formation-action (brouillon relu)")
    submit(client, people["editor"], page, "La formation-action (brouillon relu)")
    submitted = page.get_latest_revision()
    compare = compare_live_url(page, submitted)
    previous = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[page.pk, submitted.get_previous().pk, submitted.pk],
    )

    client.force_login(people["reviewer"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert compare in dashboard
    assert "Voir les changements (par rapport à la version publiée)" in dashboard
    assert previous not in dashboard
    editing = client.get(edit_url(page)).content.decode()
    assert "Cette page attend votre validation (étape « Relecture par un partenaire »)" in (
        visible_text_of(editing)
    )
    assert compare in editing  # in the message and in the status panel's timeline
    assert previous not in editing
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert compare in history
    assert "Comparer avec la version publiée" in history

    comparison = text_of(client, people["reviewer"], compare)
    assert "La formation-action (brouillon relu)" in comparison
    assert "aucune différence" not in comparison.lower()


def visible_text_of(html):
    class Response:
        content = html.encode()

    return visible_text(Response)


def test_a_page_never_published_is_compared_with_the_version_sent_back(client, people, demo):
    from demo.content import PENDING_PAGE

    pending = ContentPage.objects.get(slug=PENDING_PAGE["slug"])
    assert not pending.live
    client.force_login(people["reviewer"])
    dashboard = visible_text(client.get(reverse("wagtailadmin_home")))
    assert "Jamais publiée : l'aperçu la montre en entier." in dashboard

    act(client, people["reviewer"], pending, "reject", COMMENT)
    sent_back = pending.get_latest_revision()
    editor = get_user_model().objects.get(username="editeur.aradel")
    submit(client, editor, pending, "Bilan de la formation-action, revu")
    resubmitted = pending.get_latest_revision()
    expected = reverse(
        "wagtailadmin_pages:revisions_compare", args=[pending.pk, sent_back.pk, resubmitted.pk]
    )
    client.force_login(people["reviewer"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert expected in dashboard
    assert "Voir les changements depuis la demande de modifications" in dashboard


# Point 5: the changes requested, where the author works


def test_the_changes_requested_show_to_the_author_on_the_form_and_the_dashboard(
    client, people, page
):
    submit(client, people["editor"], page, "La formation-action (à revoir)")
    act(client, people["reviewer"], page, "reject", COMMENT)
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    on_form = text_of(client, people["editor"], edit_url(page))
    assert "Modifications demandées par Relectrice le " in on_form
    assert f": « {COMMENT} ». {BANNER}" in on_form
    dashboard = text_of(client, people["editor"], reverse("wagtailadmin_home"))
    assert "Modifications demandées" in dashboard
    assert "La formation-action (à revoir)" in dashboard
    assert f"« {COMMENT} »" in dashboard
    assert "Relecture par un partenaire" in dashboard

    # Resubmitted, the request is over: no more message nor row.
    submit(client, people["editor"], page, "La formation-action (revue)")
    assert COMMENT not in text_of(client, people["editor"], edit_url(page))
    assert COMMENT not in text_of(client, people["editor"], reverse("wagtailadmin_home"))


def test_the_changes_requested_show_to_nobody_else(client, people, page):
    submit(client, people["editor"], page, "La formation-action (à revoir)")
    act(client, people["reviewer"], page, "reject", COMMENT)
    for user in (people["other_editor"], people["reviewer"], people["publisher"]):
        assert COMMENT not in text_of(client, user, reverse("wagtailadmin_home")), user
        # The banner is the author's (Wagtail's status panel shows the comment to whoever
        # may edit the page, as before).
        assert BANNER not in text_of(client, user, edit_url(page)), user
    # A participant has no admin at all.
    client.force_login(people["participant"])
    for url in (reverse("wagtailadmin_home"), edit_url(page)):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert COMMENT not in response.content.decode()
    client.logout()
    assert COMMENT not in visible_text(client.get(reverse("wagtailadmin_home"), follow=True))


# Point 14: the history of a demo page


def test_the_history_of_a_demo_page_offers_to_go_back_to_its_published_version(
    client, people, page
):
    published = page.live_revision
    post(client, people["editor"], page, "Un brouillon à abandonner")
    client.force_login(people["editor"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, published.pk])
    assert revert in history
    assert reverse("wagtailadmin_pages:revisions_view", args=[page.pk, published.pk]) in history

    # Going back: the published version's form, saved as the latest draft.
    title = published.as_object().title
    response = client.get(revert)
    assert response.status_code == 200
    assert f'name="title" value="{title}"' in response.content.decode()
    response = client.post(revert, {**form(page, title), **loaded(client, people["editor"], page)})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == title


def test_demo_sites_built_before_get_the_history_entries_on_their_next_load(client, page):
    published = page.live_revision
    PageLogEntry.objects.filter(page=page).exclude(action="wagtail.publish").delete()
    DemoStep.objects.filter(name="journal-des-versions").delete()
    call_command("load_demo", stdout=io.StringIO())
    entry = PageLogEntry.objects.get(page=page, action="wagtail.edit", revision=published)
    assert entry.content_changed
    call_command("load_demo", stdout=io.StringIO())  # once only
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit").count() == 1


# Bad input


def test_a_publication_scheduled_in_the_past_is_refused(client, people, page):
    before = page.get_latest_revision()
    past = (timezone.localtime() - timedelta(days=2)).strftime("%d/%m/%Y %H:%M")
    response = post(client, people["editor"], page, "Programmée hier", "submit", go_live_at=past)
    assert response.status_code == 200
    text = visible_text(response)
    assert "La date de publication programmée, le " in text
    assert "est déjà passée" in text
    page.refresh_from_db()
    assert page.get_latest_revision() == before
    assert page.current_workflow_state is None
    assert page.title != "Programmée hier"

    # A publisher publishing directly: refused too, nothing published.
    response = post(
        client, people["publisher"], page, "Programmée hier", "publish", go_live_at=past
    )
    assert "est déjà passée" in visible_text(response)
    page.refresh_from_db()
    assert page.title != "Programmée hier"

    # A date to come is kept, and nothing is published before it.
    future = (timezone.localtime() + timedelta(days=2)).strftime("%d/%m/%Y %H:%M")
    response = post(client, people["editor"], page, "Programmée demain", None, go_live_at=future)
    assert response.status_code == 302


def test_a_new_page_scheduled_in_the_past_is_refused(client, people, demo):
    client.force_login(people["editor"])
    past = (timezone.localtime() - timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
    url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", demo.pk])
    data = {"title": "Nouvelle page d’hier", "slug": "nouvelle-page-d-hier", "body-count": "0"}
    response = client.post(url, {**data, "go_live_at": past, "action-submit": "submit"})
    assert response.status_code == 200
    assert "est déjà passée" in visible_text(response)
    assert not ContentPage.objects.filter(slug="nouvelle-page-d-hier").exists()


def test_two_editors_saving_the_same_page_lose_nothing(client, people, page):
    first = loaded(client, people["editor"], page)
    second = loaded(client, people["other_editor"], page)

    client.force_login(people["editor"])
    response = client.post(edit_url(page), {**form(page, "Version de l’éditrice"), **first})
    assert response.status_code == 302
    page.refresh_from_db()
    kept = page.get_latest_revision()

    for action in (None, "submit"):
        client.force_login(people["other_editor"])
        data = form(page, "Version du collègue", action)
        response = client.post(edit_url(page), {**data, **second})
        assert response.status_code == 200  # the form again, not saved
        text = visible_text(response)
        assert "Editrice a enregistré cette page le " in text
        assert "Rien n'a été enregistré, soumis, validé ni publié" in text
        assert "Version du collègue" in response.content.decode()  # still in the form
        page.refresh_from_db()
        assert page.get_latest_revision() == kept
        assert page.current_workflow_state is None

    # Reloaded, the second editor saves over the first one's version, which stays in history.
    reloaded = loaded(client, people["other_editor"], page)
    response = client.post(edit_url(page), {**form(page, "Version du collègue"), **reloaded})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Version du collègue"
    assert page.revisions.filter(pk=kept.pk).exists()


def test_a_reviewer_acting_on_a_step_already_over_publishes_nothing(client, people, page):
    live_title = page.title
    submit(client, people["editor"], page, "Version soumise")
    review = page.current_workflow_state.current_task_state
    stale = act_url(page, "approve", review)
    stale_form = loaded(client, people["reviewer"], page)

    # The other reviewer approves first.
    assert act(client, people["second_reviewer"], page, "approve").status_code == 302
    client.force_login(people["reviewer"])
    response = client.post(stale, {"comment": ""}, follow=True)
    assert "cette étape de la validation est déjà terminée" in visible_text(response)
    # From the edit form loaded before: refused too, not taken for a save.
    data = {**form(page, "Version soumise", "workflow-action"), **stale_form}
    data["workflow-action-name"] = "approve"
    response = client.post(edit_url(page), data, follow=True)
    assert "cette étape de la validation est déjà terminée" in visible_text(response)
    page.refresh_from_db()
    publication = page.current_workflow_state.current_task_state
    assert publication.task.name == "Validation et publication"
    assert publication.status == publication.STATUS_IN_PROGRESS
    assert page.title == live_title

    # Published; the old link again: nothing more happens.
    assert act(client, people["publisher"], page, "approve").status_code == 302
    assert page.title == "Version soumise"
    client.force_login(people["reviewer"])
    response = client.post(stale, {"comment": ""}, follow=True)
    assert "cette étape de la validation est déjà terminée" in visible_text(response)
    assert "moderation" not in visible_text(response).lower()


def test_approving_a_version_changed_since_its_submission_is_refused(client, people, page):
    live_title = page.title
    submit(client, people["editor"], page, "Version soumise")
    # The other reviewer edits the page during the review (the step lets reviewers edit).
    response = post(client, people["second_reviewer"], page, "Version retouchée")
    assert response.status_code == 302
    response = act(client, people["reviewer"], page, "approve")
    client.force_login(people["reviewer"])
    text = visible_text(client.get(edit_url(page)))
    assert "a été modifiée par Relecteurbis le " in text
    assert "Rien n'a été validé ni publié" in text
    review = page.current_workflow_state.current_task_state
    assert review.status == review.STATUS_IN_PROGRESS
    assert review.task.name == "Relecture par un partenaire"
    assert page.title == live_title
