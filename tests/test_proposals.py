"""A territory's team proposes updates of its key issues and actions (issue #19, point 3):
who sees a proposal (the staff and the same territory's team only), what a forged or empty
proposal gets (a French refusal, nothing stored), and what an editor's decision does (an
accepted proposal is a draft of the territory page, public only once the workflow publishes
it; a refused one tells the team why)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest

from access.roles import PARTICIPANTS_GROUP, PUBLISHERS_GROUP, REVIEWERS_GROUP
from people.factories import UserFactory
from territoires.models import KeyIssue, ShortTermAction, TeamMember, TerritoryPage
from territoires.models import TerritoryProposal as Proposal
from territoires.proposals import NOT_YOUR_TERRITORY, UNKNOWN_TARGET

from .conftest import team_member_account
from .conftest import visible_text as folded_text
from .staff import member

pytestmark = pytest.mark.django_db

PROPOSALS = "/espace-participants/propositions/"
NEW_ISSUE = "Ouvrir un tiers-lieu de l’emploi au cœur du quartier"


def visible_text(response):
    """The text a visitor reads, with the French apostrophe this module's messages use."""
    return folded_text(response).replace("'", "’")


def user(username):
    return get_user_model().objects.get(username=username)


def grenoble():
    return TerritoryPage.objects.get(slug="grenoble")


def villeurbanne():
    return TerritoryPage.objects.get(slug="villeurbanne")


@pytest.fixture(autouse=True)
def without_the_demos_proposals(demo):
    """The demo's own proposals (tested in test_participants_area) set aside: each test here
    counts what it stores."""
    Proposal.objects.all().delete()


@pytest.fixture
def other_participant(demo):
    """A participant of Villeurbanne's team."""
    person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
    account = UserFactory(username="villeurbannais")
    account.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    person.user = account
    person.save()
    return account


def form(territory, kind, target="", title="", description="", state="", comment=""):
    return {
        "territory": territory.pk,
        "kind": kind,
        "target": target,
        "title": title,
        "description": description,
        "state": state,
        "comment": comment,
    }


def propose(client, account, data):
    client.force_login(account)
    return client.post(PROPOSALS, data)


@pytest.fixture
def proposal(demo):
    """A proposal of Grenoble's team, waiting."""
    return Proposal.objects.create(
        territory=grenoble(),
        author=user("participant"),
        author_name="Participante de démonstration",
        kind=Proposal.Kind.ADD_ISSUE,
        title=NEW_ISSUE,
        comment="Vu à la séance 3.",
    )


# Who sees a proposal


@pytest.mark.parametrize(
    "who, status, sees",
    [
        ("anonymous", 404, False),
        ("outsider", 404, False),
        ("same territory", 200, True),
        ("other territory", 200, False),
        ("editor", 200, False),  # the staff read them in the admin, not in the area
    ],
)
def test_a_proposal_shows_only_to_its_territorys_team(
    client, proposal, other_participant, who, status, sees
):
    accounts = {
        "outsider": lambda: UserFactory(username="curieux"),
        "same territory": lambda: user("participant"),
        "other territory": lambda: other_participant,
        "editor": lambda: user("editeur.aradel"),
    }
    if who in accounts:
        client.force_login(accounts[who]())
    response = client.get(PROPOSALS)
    assert response.status_code == status
    html = response.content.decode()
    assert (NEW_ISSUE in html) == sees
    assert ("Vu à la séance 3." in html) == sees


@pytest.mark.parametrize(
    "who, sees",
    [
        ("anonymous", False),
        ("outsider", False),
        ("same territory", False),
        ("other territory", False),
        ("editor", True),
    ],
)
def test_the_admin_lists_proposals_for_the_staff_only(
    client, proposal, other_participant, who, sees
):
    accounts = {
        "outsider": lambda: UserFactory(username="curieux"),
        "same territory": lambda: user("participant"),
        "other territory": lambda: other_participant,
        "editor": lambda: user("editeur.aradel"),
    }
    if who in accounts:
        client.force_login(accounts[who]())
    for url in (
        reverse("territory_proposals:index"),
        reverse("territory_proposals:edit", args=[proposal.pk]),
        "/admin/",
    ):
        response = client.get(url)
        assert (NEW_ISSUE in response.content.decode()) == sees, url


def test_a_reviewer_reads_but_does_not_decide(client, proposal):
    client.force_login(user("relecteur"))
    assert NEW_ISSUE in client.get(reverse("territory_proposals:index")).content.decode()
    url = reverse("territory_proposals:edit", args=[proposal.pk])
    client.post(url, {"reply": "", "action-accepter": "1"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert not grenoble().has_unpublished_changes


def test_the_area_links_to_the_proposals(client, demo):
    client.force_login(user("participant"))
    assert f'href="{PROPOSALS}"' in client.get("/espace-participants/").content.decode()


# Proposing


def test_a_participant_proposes_a_new_issue_and_reads_it_waiting(client, demo):
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "ajout_enjeu", title=NEW_ISSUE, comment="Un besoin exprimé."),
    )
    stored = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PROPOSALS}#proposition-{stored.pk}"
    assert (stored.territory, stored.author, stored.status) == (
        grenoble(),
        user("participant"),
        Proposal.Status.PENDING,
    )
    text = visible_text(client.get(PROPOSALS))
    assert "Votre proposition est envoyée aux éditeurs du site" in text
    assert f"Ajouter l’enjeu « {NEW_ISSUE} »" in text
    assert "En attente" in text
    # Nothing changes on the page until the editors decide.
    assert not grenoble().has_unpublished_changes


def test_a_participant_proposes_a_new_state_for_an_action(client, demo):
    action = ShortTermAction.objects.filter(territory=grenoble()).exclude(state="realisee").first()
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "etat_action", target=f"action-{action.pk}", state="realisee"),
    )
    assert response.status_code == 302
    stored = Proposal.objects.get()
    assert (stored.target_id, stored.target_title, stored.state) == (
        action.pk,
        action.title,
        "realisee",
    )


def refused(response, message):
    assert response.status_code == 200
    assert message in visible_text(response)
    assert "La proposition n’a pas été envoyée" in visible_text(response)
    assert not Proposal.objects.exists()


def test_a_proposal_for_another_territory_is_refused(client, other_participant):
    # The Grenoble participant forges Villeurbanne's id.
    response = propose(client, user("participant"), form(villeurbanne(), "ajout_enjeu", title="X"))
    refused(response, NOT_YOUR_TERRITORY)


def test_a_target_of_another_territory_is_refused(client, demo):
    foreign = KeyIssue.objects.filter(territory=villeurbanne()).first()
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "reformulation_enjeu", target=f"enjeu-{foreign.pk}", title="Autre"),
    )
    refused(response, UNKNOWN_TARGET)
    assert foreign.title not in response.content.decode()


def test_an_unknown_target_is_refused(client, demo):
    for target in ("enjeu-999999", "action-abc", "../1"):
        response = propose(
            client,
            user("participant"),
            form(grenoble(), "reformulation_action", target=target, title="Autre"),
        )
        refused(response, UNKNOWN_TARGET)


def test_a_target_of_the_wrong_kind_is_refused(client, demo):
    issue = KeyIssue.objects.filter(territory=grenoble()).first()
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "etat_action", target=f"enjeu-{issue.pk}", state="realisee"),
    )
    refused(response, "Choisissez l’action dont l’état change.")


def test_an_empty_text_is_refused_and_what_was_written_kept(client, demo):
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "ajout_action", title="   ", comment="Mon commentaire gardé"),
    )
    refused(response, "Donnez le titre de l’action à ajouter.")
    assert "Mon commentaire gardé" in response.content.decode()
    issue = KeyIssue.objects.filter(territory=grenoble()).first()
    response = propose(
        client, user("participant"), form(grenoble(), "reformulation_enjeu", f"enjeu-{issue.pk}")
    )
    refused(response, "Proposez un nouveau titre, une nouvelle description, ou les deux.")
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "reformulation_enjeu", f"enjeu-{issue.pk}", title=issue.title),
    )
    refused(response, "C’est déjà le texte de la page")


def test_an_unknown_kind_or_state_is_refused(client, demo):
    response = propose(client, user("participant"), form(grenoble(), "supprimer", title="X"))
    refused(response, "Choisissez ce que vous proposez parmi les cinq possibilités.")
    action = ShortTermAction.objects.filter(territory=grenoble()).first()
    response = propose(
        client,
        user("participant"),
        form(grenoble(), "etat_action", target=f"action-{action.pk}", state="publiee"),
    )
    refused(response, "Choisissez un état de la liste.")


def test_a_double_submission_is_stored_once(client, demo):
    data = form(grenoble(), "ajout_enjeu", title=NEW_ISSUE)
    first = propose(client, user("participant"), data)
    second = propose(client, user("participant"), data)
    assert Proposal.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert "Cette proposition était déjà envoyée" in visible_text(client.get(PROPOSALS))


def test_a_participant_removed_from_the_team_can_neither_propose_nor_read(client, proposal):
    participant = user("participant")
    TeamMember.objects.filter(territory=grenoble(), person__user=participant).delete()
    response = propose(client, participant, form(grenoble(), "ajout_enjeu", title="Encore"))
    assert response.status_code == 200
    text = visible_text(response)
    assert NOT_YOUR_TERRITORY in text
    assert NEW_ISSUE not in text
    assert Proposal.objects.count() == 1
    # The proposal stays the territory's.
    assert Proposal.objects.get().territory == grenoble()


def test_an_outsider_cannot_post_a_proposal(client, demo):
    client.force_login(UserFactory(username="curieux"))
    response = client.post(PROPOSALS, form(grenoble(), "ajout_enjeu", title="X"))
    assert response.status_code == 404
    client.logout()
    assert client.post(PROPOSALS, form(grenoble(), "ajout_enjeu", title="X")).status_code == 404
    assert not Proposal.objects.exists()


# Deciding


def decide(client, account, proposal, action, reply=""):
    client.force_login(account)
    return client.post(
        reverse("territory_proposals:edit", args=[proposal.pk]),
        {"reply": reply, f"action-{action}": "1"},
    )


def test_accepting_makes_a_draft_and_leaves_the_live_page_alone(client, proposal):
    editor = user("editeur.aradel")
    response = decide(client, editor, proposal, "accepter")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[grenoble().pk])
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.decided_by == editor
    page = grenoble()
    assert page.has_unpublished_changes
    assert proposal.revision == page.latest_revision
    draft = page.get_latest_revision_as_object()
    assert NEW_ISSUE in [issue.title for issue in draft.key_issues.all()]
    # The public page, and the page's rows, are unchanged until the workflow publishes.
    assert not KeyIssue.objects.filter(title=NEW_ISSUE).exists()
    client.logout()
    assert NEW_ISSUE not in client.get(page.url).content.decode()
    # The history credits the team.
    entry = PageLogEntry.objects.filter(page=page, action="territoires.proposal_accepted").get()
    assert entry.revision == proposal.revision
    assert "proposition de l’équipe de Grenoble" in entry.message
    assert "Participante de démonstration" in entry.message
    assert entry.comment == "Vu à la séance 3."
    # The team reads that it was accepted.
    client.force_login(user("participant"))
    assert "Acceptée" in visible_text(client.get(PROPOSALS))


def test_accepting_builds_on_the_latest_draft(client, demo):
    page = grenoble()
    action = ShortTermAction.objects.filter(territory=page).exclude(state="abandonnee").first()
    draft = page.get_latest_revision_as_object()
    draft.summary = "Une présentation réécrite, pas encore publiée."
    draft.save_revision(user=user("editeur.aradel"))
    proposal = Proposal.objects.create(
        territory=page,
        author_name="Participante",
        kind=Proposal.Kind.ACTION_STATE,
        target_id=action.pk,
        target_title=action.title,
        state="abandonnee",
    )
    assert decide(client, user("editeur.aradel"), proposal, "accepter").status_code == 302
    latest = grenoble().get_latest_revision_as_object()
    assert latest.summary == "Une présentation réécrite, pas encore publiée."
    assert {a.pk: a.state for a in latest.actions.all()}[action.pk] == "abandonnee"
    action.refresh_from_db()
    assert action.state != "abandonnee"


def test_an_accepted_proposal_shows_on_the_territory_page_after_the_workflow(client, proposal):
    decide(client, user("editeur.aradel"), proposal, "accepter")
    page = grenoble()
    page.get_workflow().start(page, user("editeur.aradel"))
    for account in (member(REVIEWERS_GROUP, "relectrice"), member(PUBLISHERS_GROUP, "publieuse")):
        page.refresh_from_db()
        task_state = page.current_workflow_state.current_task_state
        client.force_login(account)
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
            {"comment": ""},
        )
        assert response.status_code == 302
    client.logout()
    assert NEW_ISSUE in visible_text(client.get(grenoble().url))


def test_refusing_needs_a_reason_that_the_team_reads(client, proposal, other_participant):
    editor = user("editeur.aradel")
    response = decide(client, editor, proposal, "refuser", reply="  ")
    assert response.status_code == 200
    assert "la raison du refus est obligatoire" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    reason = "Cet enjeu figure déjà, formulé autrement, dans la page."
    assert decide(client, editor, proposal, "refuser", reply=reason).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reply) == (Proposal.Status.REFUSED, reason)
    assert not grenoble().has_unpublished_changes
    client.force_login(user("participant"))
    assert f"Raison du refus : {reason}" in visible_text(client.get(PROPOSALS))
    client.force_login(other_participant)
    assert reason not in client.get(PROPOSALS).content.decode()


def test_a_decided_proposal_is_not_decided_twice(client, proposal):
    editor = user("editeur.aradel")
    decide(client, editor, proposal, "accepter")
    revisions = grenoble().revisions.count()
    response = decide(client, editor, proposal, "refuser", reply="Non")
    assert "Cette proposition a déjà été traitée" in response.content.decode()
    assert grenoble().revisions.count() == revisions
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED


def test_a_target_gone_from_the_draft_is_said_and_nothing_saved(client, demo):
    page = grenoble()
    issue = KeyIssue.objects.filter(territory=page).first()
    proposal = Proposal.objects.create(
        territory=page,
        kind=Proposal.Kind.REWORD_ISSUE,
        target_id=issue.pk,
        target_title=issue.title,
        title="Nouveau titre",
    )
    draft = page.get_latest_revision_as_object()
    draft.key_issues = [i for i in draft.key_issues.all() if i.pk != issue.pk]
    draft.save_revision(user=user("editeur.aradel"))
    revisions = page.revisions.count()
    response = decide(client, user("editeur.aradel"), proposal, "accepter")
    assert "n’est plus dans la dernière version de la page" in response.content.decode()
    assert grenoble().revisions.count() == revisions
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_a_page_under_review_is_not_changed_behind_the_reviewers(client, proposal):
    page = grenoble()
    page.get_latest_revision_as_object().save_revision(user=user("editeur.aradel"))
    page.refresh_from_db()
    page.get_workflow().start(page, user("editeur.aradel"))
    revisions = page.revisions.count()
    response = decide(client, user("editeur.aradel"), proposal, "accepter")
    assert "est en cours de validation" in response.content.decode()
    assert grenoble().revisions.count() == revisions


def test_the_dashboard_lists_the_waiting_proposals_for_those_who_decide(client, proposal):
    client.force_login(user("editeur.aradel"))
    html = client.get("/admin/").content.decode()
    assert 'id="propositions-territoires-section"' in html
    assert reverse("territory_proposals:edit", args=[proposal.pk]) in html
    client.force_login(user("relecteur"))
    # Reviewers read the list (the menu) but do not decide: no task on their dashboard.
    assert 'id="propositions-territoires-section"' not in client.get("/admin/").content.decode()


def test_the_proposals_admin_speaks_french(client, proposal):
    from .test_admin_in_french import english_in

    editor = user("editeur.aradel")
    client.force_login(editor)
    edit = reverse("territory_proposals:edit", args=[proposal.pk])
    pages = {
        "liste": reverse("territory_proposals:index"),
        "liste filtrée": reverse("territory_proposals:index") + "?status=en_attente",
        "décision": edit,
        "tableau de bord": "/admin/",
    }
    findings = {name: english_in(client.get(url).content.decode()) for name, url in pages.items()}
    # The list's search box finds a proposal by its words.
    found = client.get(reverse("territory_proposals:index") + "?q=tiers-lieu")
    assert found.status_code == 200
    assert NEW_ISSUE in found.content.decode()
    assert (
        NEW_ISSUE
        not in client.get(reverse("territory_proposals:index") + "?q=inexistant").content.decode()
    )
    decide(client, editor, proposal, "accepter")
    client.force_login(editor)
    history = reverse("wagtailadmin_pages:history", args=[grenoble().pk])
    findings["décidée"] = english_in(client.get(edit).content.decode())
    findings["historique"] = english_in(client.get(history).content.decode())
    assert "proposition de l’équipe de Grenoble" in client.get(history).content.decode()
    assert not {name: found for name, found in findings.items() if found}


def test_a_participant_whose_group_is_removed_loses_the_proposals(client, proposal):
    participant = user("participant")
    participant.groups.remove(Group.objects.get(name=PARTICIPANTS_GROUP))
    client.force_login(participant)
    response = client.get(PROPOSALS)
    assert response.status_code == 404
    assert NEW_ISSUE not in response.content.decode()
    assert client.post(PROPOSALS, form(grenoble(), "ajout_enjeu", title="X")).status_code == 404
    assert Proposal.objects.count() == 1


# The author hears of the decision by e-mail


@pytest.fixture
def author(proposal):
    account = proposal.author
    account.email = "participante@example.org"
    account.save()
    return account


def decided(client, proposal, action, reply, capture):
    with capture(execute=True):
        response = decide(client, user("editeur.aradel"), proposal, action, reply=reply)
    assert response.status_code == 302
    return response


@pytest.mark.parametrize(
    "action, reply, subject",
    [
        (
            "accepter",
            "Merci : il rejoint la page.",
            "Votre proposition pour Grenoble a été acceptée",
        ),
        (
            "refuser",
            "Cet enjeu figure déjà, formulé autrement, dans la page.",
            "Votre proposition pour Grenoble n’a pas été retenue",
        ),
    ],
)
def test_the_decision_reaches_its_author_alone(
    client,
    author,
    proposal,
    other_participant,
    django_capture_on_commit_callbacks,
    action,
    reply,
    subject,
):
    # Everyone of the matrix has an address; only the author is written to.
    teammate = team_member_account("grenoble", "voisine")
    outsider = UserFactory(username="curieux")
    editor = user("editeur.aradel")
    assert all(a.email for a in (teammate, outsider, editor, other_participant))
    decided(client, proposal, action, reply, django_capture_on_commit_callbacks)
    # The editor is told that the author was.
    said = visible_text(client.get(reverse("territory_proposals:index")))
    assert "Son auteur en est informé par courriel" in said
    (message,) = mail.outbox
    assert message.to == [author.email]
    assert message.subject == subject
    assert reply in message.body  # the editor's words, as written
    assert NEW_ISSUE in message.body
    link = f"http://localhost/espace-participants/propositions/#proposition-{proposal.pk}"
    assert link in message.body
    # The link leads the author to the proposal, with its outcome.
    client.force_login(author)
    page = visible_text(client.get(link.removeprefix("http://localhost")))
    assert reply in page


def test_the_message_is_french(client, author, proposal, django_capture_on_commit_callbacks):
    decided(client, proposal, "refuser", "Non.", django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert body.startswith("Bonjour,")
    assert "pour cette raison\u00a0:" in body
    assert "«\u202fAjouter l’enjeu" in body
    assert "'" not in body


@pytest.mark.parametrize(
    "change",
    ["deactivated", "out of the group", "out of the team", "account deleted", "no address"],
)
def test_an_author_who_may_no_longer_read_it_is_not_written_to(
    client, author, proposal, django_capture_on_commit_callbacks, change
):
    if change == "deactivated":
        author.is_active = False
        author.save()
    elif change == "out of the group":
        author.groups.remove(Group.objects.get(name=PARTICIPANTS_GROUP))
    elif change == "out of the team":
        TeamMember.objects.filter(territory=grenoble(), person__user=author).delete()
    elif change == "account deleted":
        author.delete()
    else:
        author.email = ""
        author.save()
    decided(client, proposal, "refuser", "Non.", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REFUSED  # decided all the same
    client.force_login(user("editeur.aradel"))
    text = visible_text(client.get(reverse("territory_proposals:index")))
    assert "il n’en est pas informé" in text


def test_a_mail_server_that_fails_does_not_undo_the_decision(
    client, author, proposal, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("serveur de courriel injoignable")

    monkeypatch.setattr("territoires.proposals.send_mail", broken)
    decided(client, proposal, "refuser", "Non.", django_capture_on_commit_callbacks)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REFUSED
    assert "Courriel de décision d’une proposition non envoyé" in caplog.text
