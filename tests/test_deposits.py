"""The participants' deposits (issue 19, points 1, 2 and 6; documents.deposits): a
participant deposits a working document from their area; it waits for the staff, visible to
its author and the staff only; accepted, it joins the participants' collection (never
public); refused, its author reads the reason. Bad input gets a French message and stores
nothing."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from access.roles import PARTICIPANTS_GROUP
from documents import deposits
from documents.models import Deposit, DepositQuota, Resource
from people.factories import UserFactory
from territoires.models import TerritoryPage, TerritoryProposal

from . import files
from .conftest import team_member_account, visible_text

pytestmark = pytest.mark.django_db

AREA = "/espace-participants/"
DEPOSIT = AREA + "deposer/"
MINE = AREA + "mes-depots/"
TITLE = "Diagnostic des commerces de la Villeneuve"
WORD = "Chaufferettes"  # in the file's text only


@pytest.fixture(autouse=True)
def commits(django_capture_on_commit_callbacks):
    """What runs once a transaction commits (the author's e-mail, a deleted file's removal)
    runs, in a test, at the end of a `with commits():` block."""
    COMMITS[:] = [django_capture_on_commit_callbacks]


COMMITS = []


def committed():
    return COMMITS[0](execute=True)


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def people(demo):
    author = user("participant")  # in Grenoble's team (the demo)
    author.email = "participante@example.org"
    author.save()
    return {
        "anonymous": None,
        "outsider": UserFactory(username="curieux"),
        "same_territory": team_member_account("grenoble", "voisine"),
        "other_territory": team_member_account("villeurbanne", "lointain"),
        "author": author,
        "editor": user("editeur.aradel"),
    }


def pdf_upload(title=TITLE, name="diagnostic.pdf"):
    sections = [("Commerces", [f"{WORD} et marchés du quartier de la Villeneuve."])]
    return SimpleUploadedFile(name, files.pdf(title=title, sections=sections))


def grenoble():
    return TerritoryPage.objects.get(slug="grenoble")


def post_deposit(client, upload=None, **fields):
    data = {
        "file": upload or pdf_upload(),
        "title": TITLE,
        "description": "Relevé des commerces, juin 2014.",
        "kind": "document_travail",
        "territory": grenoble().pk,
        **fields,
    }
    return client.post(DEPOSIT, data)


def deposit_as_author(client, people, **fields):
    client.force_login(people["author"])
    response = post_deposit(client, **fields)
    assert response.status_code == 302, visible_text(response)
    client.logout()
    return Deposit.objects.select_related("document").get(document__title=TITLE)


def staff(username="relecteur"):
    return user(username)


def accept(client, record, username="relecteur"):
    client.force_login(staff(username))
    with committed():
        response = client.post(reverse("documents_deposit_accept", args=[record.pk]))
    client.logout()
    return response


def refuse(client, record, reason="Le fichier contient les noms des commerçants."):
    client.force_login(staff())
    with committed():
        response = client.post(
            reverse("documents_deposit_refuse", args=[record.pk]), {"reason": reason}
        )
    client.logout()
    return response


# The deposit itself.


def test_the_form_is_in_french_with_the_quota_and_the_territory_preselected(client, people):
    client.force_login(people["author"])
    response = client.get(DEPOSIT)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Déposer un document" in text
    assert "Vous avez utilisé 0 Mo sur 200 Mo" in text
    html = response.content.decode()
    territory = re.search(r'<select name="territory"[^>]*>(.*?)</select>', html, re.S).group(1)
    # Their own territory only, chosen already.
    assert re.findall(r"<option[^>]*>([^<]+)</option>", territory) == ["Grenoble"]
    assert "selected" in territory


def test_the_area_leads_to_the_deposit(client, people):
    client.force_login(people["author"])
    text = visible_text(client.get(AREA))
    assert "Déposer un document de travail" in text
    assert "Mes dépôts" in text
    # The staff add documents in the admin: no such link for them.
    client.force_login(people["editor"])
    assert "Déposer un document" not in visible_text(client.get(AREA))


def test_a_deposit_waits_in_the_participants_collection_its_text_read_afterwards(client, people):
    record = deposit_as_author(client, people)
    document = record.document
    assert record.state == Deposit.State.PENDING
    assert record.depositor == people["author"]
    assert record.territory == grenoble()
    assert document.released_at is None
    assert document.collection.name == "Réservé aux participants"
    assert list(document.territories.all()) == [grenoble()]
    # The answer did not wait for the reading: the author sees it is under way.
    assert document.text_status == Resource.TextStatus.PENDING
    client.force_login(people["author"])
    assert "Texte en cours d’extraction" in visible_text(client.get(MINE)).replace("'", "’")
    # The scheduler's job (or the thread) reads it.
    assert deposits.read_waiting_texts() == 1
    document.refresh_from_db()
    assert document.text_status == Resource.TextStatus.INDEXED
    assert WORD in document.extracted_text
    assert document.preview
    assert "Texte extrait" in visible_text(client.get(MINE))
    assert deposits.read_waiting_texts() == 0


def test_the_reading_does_not_undo_a_correction_made_meanwhile(client, people):
    record = deposit_as_author(client, people)
    Resource.objects.filter(pk=record.document.pk).update(title="Titre corrigé")
    deposits.read_text(record.document.pk)
    assert Resource.objects.get(pk=record.document.pk).title == "Titre corrigé"


# The privacy matrix: each user sees exactly what they may, while the deposit waits, after a
# refusal and after its acceptance.

SEES_WAITING = {"author": "mine", "editor": "all"}
SEES_ACCEPTED = {
    "same_territory": "all",
    "other_territory": "all",
    "author": "all",
    "editor": "all",
}


def surfaces(client, document):
    """What each surface tells of the document: {surface: shown?}."""
    found = {}
    area = client.get(AREA)
    found["area"] = area.status_code == 200 and TITLE in visible_text(area)
    mine = client.get(MINE)
    found["mine"] = mine.status_code == 200 and TITLE in visible_text(mine)
    library = client.get("/ressources/?q=Villeneuve")
    found["library"] = TITLE in visible_text(library)
    search = client.get(f"/recherche/?q={WORD}")
    found["search_text"] = TITLE in visible_text(search)
    page = client.get(f"/ressources/documents/{document.public_id}/")
    found["page"] = page.status_code == 200
    download = client.get(f"/documents/{document.public_id}/telecharger/")
    found["download"] = download.status_code == 200
    return found


def expected(kind, who):
    if kind == "all":
        # The author's « Mes dépôts » lists their own deposits; the others have none (or no
        # such page).
        return {
            "area": True,
            "mine": who == "author",
            "library": True,
            "search_text": True,
            "page": True,
            "download": True,
        }
    return {
        "area": False,
        "mine": kind == "mine",
        "library": False,
        "search_text": False,
        "page": False,
        "download": False,
    }


@pytest.mark.parametrize("state", ["waiting", "refused", "accepted"])
def test_the_privacy_matrix(client, people, state):
    record = deposit_as_author(client, people)
    deposits.read_waiting_texts()
    if state == "refused":
        assert refuse(client, record).status_code == 302
    elif state == "accepted":
        assert accept(client, record).status_code == 302
    record.refresh_from_db()
    assert (
        record.state
        == {
            "waiting": Deposit.State.PENDING,
            "refused": Deposit.State.REFUSED,
            "accepted": Deposit.State.ACCEPTED,
        }[state]
    )
    rules = SEES_ACCEPTED if state == "accepted" else SEES_WAITING
    seen = {}
    for who, account in people.items():
        client.logout()
        if account is not None:
            client.force_login(account)
        seen[who] = surfaces(client, record.document)
    assert seen == {who: expected(rules.get(who), who) for who in people}


def test_the_refusal_reaches_the_author_by_mail_and_in_their_deposits(client, people):
    record = deposit_as_author(client, people)
    reason = "Le fichier contient les noms des commerçants : anonymisez-le."
    response = refuse(client, record, reason)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["participante@example.org"]
    assert TITLE in message.subject
    assert reason in message.body
    assert "http://localhost/espace-participants/mes-depots/" in message.body
    client.force_login(people["author"])
    text = visible_text(client.get(MINE))
    assert "Refusé" in text
    assert "anonymisez-le" in text
    assert "(1 refusé)" in visible_text(client.get(AREA))


def test_a_refusal_needs_a_reason(client, people):
    record = deposit_as_author(client, people)
    response = refuse(client, record, reason="  ")
    assert response.status_code == 200
    assert "Le motif du refus est obligatoire" in visible_text(response)
    record.refresh_from_db()
    assert record.state == Deposit.State.PENDING
    assert mail.outbox == []


def test_an_acceptance_is_announced_and_never_public(client, people):
    record = deposit_as_author(client, people)
    accept(client, record)
    record.refresh_from_db()
    assert record.state == Deposit.State.ACCEPTED
    assert record.document.released_at is not None
    assert record.document.collection.name == "Réservé aux participants"
    assert "accepté" in mail.outbox[0].subject


def test_participants_and_editors_cannot_moderate(client, people):
    record = deposit_as_author(client, people)
    for who in ("author", "same_territory", "editor"):
        client.force_login(people[who])
        response = client.post(reverse("documents_deposit_accept", args=[record.pk]))
        assert response.status_code in (302, 403)
        record.refresh_from_db()
        assert record.state == Deposit.State.PENDING, who


def test_the_panel_shows_deposits_with_author_and_territory(client, people):
    deposit_as_author(client, people)
    client.force_login(staff())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index("Dépôts des participants") :]
    assert TITLE in panel
    assert "Participante de démonstration" in panel
    assert "Grenoble" in panel
    assert "Accepter" in panel and "Refuser" in panel


def test_a_publisher_cannot_release_a_waiting_deposit_past_its_moderation(client, people):
    record = deposit_as_author(client, people)
    client.force_login(staff("publication"))
    client.post(reverse("documents_release"), {"un_seul": record.document.pk})
    record.document.refresh_from_db()
    assert record.document.released_at is None


# The author corrects or withdraws it while it waits.


def test_the_author_corrects_a_refused_deposit_which_goes_back_to_the_staff(client, people):
    record = deposit_as_author(client, people)
    refuse(client, record)
    client.force_login(people["author"])
    url = f"{MINE}{record.pk}/modifier/"
    response = client.post(
        url,
        {
            "title": "Diagnostic anonymisé",
            "description": "Sans les noms.",
            "kind": "fiche_action",
            "territory": grenoble().pk,
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == Deposit.State.PENDING
    assert record.document.title == "Diagnostic anonymisé"
    assert record.document.kind == "fiche_action"


def test_the_author_withdraws_a_waiting_deposit(client, people):
    record = deposit_as_author(client, people)
    storage, name = record.document.file.storage, record.document.file.name
    client.force_login(people["author"])
    assert client.get(f"{MINE}{record.pk}/retirer/").status_code == 200
    with committed():
        assert client.post(f"{MINE}{record.pk}/retirer/").status_code == 302
    assert not Deposit.objects.exists()
    assert not Resource.objects.filter(title=TITLE).exists()
    assert not storage.exists(name)


def test_no_one_else_changes_or_withdraws_a_deposit(client, people):
    record = deposit_as_author(client, people)
    client.force_login(people["same_territory"])
    assert client.get(f"{MINE}{record.pk}/modifier/").status_code == 404
    assert client.post(f"{MINE}{record.pk}/retirer/").status_code == 404
    assert Deposit.objects.filter(pk=record.pk).exists()


def test_an_accepted_deposit_is_the_groups(client, people):
    record = deposit_as_author(client, people)
    accept(client, record)
    client.force_login(people["author"])
    response = client.post(f"{MINE}{record.pk}/retirer/")
    assert response.status_code == 302
    assert Deposit.objects.filter(pk=record.pk).exists()


def test_an_acceptance_between_the_authors_reading_and_their_change_wins(client, people):
    """The author opened the correction (or the withdrawal) while the deposit waited; a
    reviewer accepted it before they sent it. Nothing of the change is kept: the accepted
    deposit stays accepted, released and whole (a refusal of it later could otherwise leave
    a refused document in the library)."""
    from documents.forms import DepositMetadataForm
    from sessions.models import SessionPage

    record = deposit_as_author(client, people)
    seen_by_author = Deposit.objects.select_related("document").get(pk=record.pk)
    accept(client, record)
    form = DepositMetadataForm(
        {"title": "Titre changé après coup", "kind": "fiche_action", "territory": grenoble().pk},
        instance=seen_by_author.document,
        territories=TerritoryPage.objects.filter(slug="grenoble"),
        sessions=SessionPage.objects.all(),
    )
    assert form.is_valid(), form.errors
    with pytest.raises(deposits.NoLongerChangeable):
        deposits.correct(form, seen_by_author)
    with pytest.raises(deposits.NoLongerChangeable):
        deposits.withdraw(seen_by_author)
    record.refresh_from_db()
    assert record.state == Deposit.State.ACCEPTED
    assert Resource.objects.get(pk=record.document.pk).title == TITLE
    assert Resource.objects.get(pk=record.document.pk).released_at is not None


# Bad input: a French message, nothing stored.


def stored_files(private_root):
    return sorted(p for p in private_root.rglob("*") if p.is_file())


def refused_deposit(client, people, message, **fields):
    client.force_login(people["author"])
    response = post_deposit(client, **fields)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Le document n'a pas été déposé" in text
    assert message in text
    assert not Deposit.objects.exists()
    assert not Resource.objects.filter(title=TITLE).exists()
    return text


def test_a_file_that_lies_about_its_type(client, people, private_root):
    refused_deposit(
        client,
        people,
        "ne correspond pas à son extension",
        upload=SimpleUploadedFile("diagnostic.pdf", files.docx()),
    )
    assert stored_files(private_root) == []


def test_an_empty_file(client, people, private_root):
    refused_deposit(
        client, people, "Le fichier soumis est vide", upload=SimpleUploadedFile("vide.pdf", b"")
    )
    assert stored_files(private_root) == []


def test_a_forbidden_extension(client, people, private_root):
    refused_deposit(
        client,
        people,
        "L'extension de fichier",
        upload=SimpleUploadedFile("script.exe", b"MZ\x90\x00"),
    )
    assert stored_files(private_root) == []


def test_a_forged_territory(client, people, private_root):
    villeurbanne = TerritoryPage.objects.get(slug="villeurbanne")
    refused_deposit(
        client,
        people,
        "que pour un territoire dont vous faites partie",
        territory=villeurbanne.pk,
    )
    assert stored_files(private_root) == []


BIG_TEXT = "Développement économique urbain.\n".encode() * 40_000  # 1.3 MB


def test_a_file_over_the_quota(client, people, private_root, settings):
    settings.DEPOSIT_QUOTA_PER_PARTICIPANT_MB = 1
    big = BIG_TEXT
    text = refused_deposit(
        client,
        people,
        "dépasse votre quota : vous avez utilisé 0 Mo sur 1 Mo",
        upload=SimpleUploadedFile("gros.txt", big),
    )
    assert "Rien n'a été enregistré" in text
    assert stored_files(private_root) == []
    # Lifted by the staff: it goes through.
    DepositQuota.objects.create(user=people["author"], megabytes=50)
    client.force_login(people["author"])
    assert post_deposit(client, upload=SimpleUploadedFile("gros.txt", big)).status_code == 302


def test_a_file_over_the_territorys_quota(client, people, settings):
    settings.DEPOSIT_QUOTA_PER_TERRITORY_MB = 1
    refused_deposit(
        client,
        people,
        "dépasse le quota de votre territoire",
        upload=SimpleUploadedFile("gros.txt", BIG_TEXT),
    )


@pytest.mark.parametrize("room", [True, False], ids=["de la place", "quota plein"])
def test_a_deposit_moved_to_another_of_the_authors_territories_must_fit_its_quota(
    client, people, room
):
    """A correction may move a deposit to another territory of its author's: that one's
    quota holds as for a new deposit; when it is full, nothing of the correction is kept."""
    from documents.deposits import set_quota
    from territoires.models import TeamMember

    record = deposit_as_author(client, people)
    other = TerritoryPage.objects.get(slug="villeurbanne")
    person = people["author"].person
    TeamMember.objects.create(territory=other, person=person)
    Resource.objects.filter(pk=record.document.pk).update(file_size=2 * 1024 * 1024)
    set_quota(territory=other, megabytes_value=10 if room else 1)
    client.force_login(people["author"])
    response = client.post(
        f"{MINE}{record.pk}/modifier/",
        {
            "title": "Diagnostic déplacé",
            "description": "Pour l’autre équipe.",
            "kind": "document_travail",
            "territory": other.pk,
        },
    )
    record.refresh_from_db()
    if room:
        assert response.status_code == 302
        assert record.territory == other
        assert list(record.document.territories.all()) == [other]
        assert record.document.title == "Diagnostic déplacé"
    else:
        assert response.status_code == 200
        assert "dépasse le quota de ce territoire" in visible_text(response)
        assert "Rien n'a été changé" in visible_text(response)
        assert record.territory == grenoble()
        assert list(record.document.territories.all()) == [grenoble()]
        assert record.document.title == TITLE


def test_a_teammates_waiting_deposit_is_not_counted_in_the_teams_quota_shown(client, people):
    """The team's quota names what the team may see: a teammate's deposit that waits is
    neither named nor counted to the others (it counts in its author's quota), until it is
    accepted."""
    record = deposit_as_author(client, people)
    size = record.document.file_size
    assert size
    shown_to_author = deposits.territory_quota(grenoble(), people["author"]).used
    shown_to_teammate = deposits.territory_quota(grenoble(), people["same_territory"]).used
    assert shown_to_author == shown_to_teammate + size
    accept(client, record)
    assert deposits.territory_quota(grenoble(), people["same_territory"]).used == shown_to_author


def test_a_zip_bomb_is_kept_with_its_text_unread(client, people):
    client.force_login(people["author"])
    response = post_deposit(client, upload=SimpleUploadedFile("bombe.docx", files.zip_bomb_docx()))
    assert response.status_code == 302
    deposits.read_waiting_texts()
    document = Resource.objects.get(title=TITLE)
    assert document.text_status == Resource.TextStatus.NOT_INDEXED
    assert "Texte non extrait" in visible_text(client.get(MINE))


def test_only_participants_of_a_team_deposit(client, people):
    client.force_login(people["editor"])
    response = post_deposit(client)
    assert response.status_code == 403
    assert "réservé aux participants" in visible_text(response)
    lone = UserFactory(username="seule")
    lone.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    client.force_login(lone)
    response = post_deposit(client)
    assert response.status_code == 403
    assert "aucune équipe de territoire" in visible_text(response)
    assert not Deposit.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_outsiders_get_the_areas_answer(client, people, who):
    if people[who]:
        client.force_login(people[who])
    for url in (DEPOSIT, MINE):
        response = post_deposit(client) if url == DEPOSIT else client.get(url)
        assert (
            response.status_code == 404
            if who == "outsider"
            else response.status_code
            in (
                302,
                404,
            )
        )
    assert not Deposit.objects.exists()


def test_a_participant_removed_while_a_deposit_waits(client, people):
    record = deposit_as_author(client, people)
    author = people["author"]
    author.groups.remove(Group.objects.get(name=PARTICIPANTS_GROUP))
    client.force_login(author)
    # Their area is closed; their deposit can no longer be changed by them…
    assert client.get(MINE).status_code == 404
    assert client.post(f"{MINE}{record.pk}/retirer/").status_code == 404
    assert Deposit.objects.filter(pk=record.pk).exists()
    # …and stays with its territory, for the staff to decide; the refusal is not mailed.
    refuse(client, record)
    record.refresh_from_db()
    assert record.state == Deposit.State.REFUSED
    assert record.territory == grenoble()
    assert mail.outbox == []


def test_a_deleted_account_leaves_its_deposits_to_the_territory(client, people):
    record = deposit_as_author(client, people)
    people["author"].delete()
    record.refresh_from_db()
    assert record.depositor is None
    assert record.depositor_name == "Participante de démonstration"
    assert record.territory == grenoble()


# Staff side: the report, quotas, access.


def test_the_report_says_who_deposited_what_per_territory(client, people):
    deposit_as_author(client, people)
    client.force_login(staff())
    response = client.get(reverse("documents_deposits_report"))
    assert response.status_code == 200
    text = visible_text(response)
    grenoble_part = text[text.index("Grenoble") :]
    assert TITLE in grenoble_part
    assert "Participante de démonstration" in grenoble_part
    assert "En attente de validation" in grenoble_part
    assert "Seuls les administrateurs changent un quota" in text


def test_outsiders_to_the_staff_get_no_report(client, people):
    for who in ("author", "editor"):
        client.force_login(people[who])
        response = client.get(reverse("documents_deposits_report"))
        assert response.status_code in (302, 403), who


def test_an_administrator_lifts_a_quota_and_removes_an_access_in_one_place(client, people):
    record = deposit_as_author(client, people)
    client.force_login(user("admin"))
    report = reverse("documents_deposits_report")
    html = client.get(report).content.decode()
    author = people["author"]
    quota_url = reverse("documents_deposit_quota", args=["participant", author.pk])
    access_url = reverse("documents_deposit_remove_access", args=[author.pk])
    assert quota_url in html and access_url in html
    client.post(quota_url, {"megabytes": "500"})
    assert deposits.participant_quota(author).limit_mb == 500
    client.post(quota_url, {"megabytes": ""})
    assert deposits.participant_quota(author).limit_mb == 200
    client.post(
        reverse("documents_deposit_quota", args=["territoire", grenoble().pk]),
        {"megabytes": "3000"},
    )
    assert deposits.territory_quota(grenoble(), None).limit_mb == 3000
    client.post(access_url, {"desactiver": "1"})
    author.refresh_from_db()
    assert not author.is_active
    assert not author.groups.filter(name=PARTICIPANTS_GROUP).exists()
    assert Deposit.objects.filter(pk=record.pk, territory=grenoble()).exists()


def test_a_reviewer_may_not_change_quotas_or_accesses(client, people):
    client.force_login(staff())
    author = people["author"]
    client.post(
        reverse("documents_deposit_quota", args=["participant", author.pk]), {"megabytes": "9"}
    )
    client.post(reverse("documents_deposit_remove_access", args=[author.pk]))
    assert not DepositQuota.objects.exists()
    assert author.groups.filter(name=PARTICIPANTS_GROUP).exists()


def report_section(html, territory):
    """The report's part about this territory (its <section>)."""
    start = html.index(f'aria-labelledby="territoire-{territory.pk}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def proposals(people):
    """Grenoble's team's proposals, one of each outcome, and one of Villeurbanne's."""
    TerritoryProposal.objects.all().delete()  # the demo's, set aside: each is named here
    made = {}
    for key, territory, status, reply in [
        ("waiting", grenoble(), "en_attente", ""),
        ("accepted", grenoble(), "acceptee", "Bonne idée, merci."),
        ("refused", grenoble(), "refusee", "Cet enjeu figure déjà sur la page."),
        ("elsewhere", TerritoryPage.objects.get(slug="villeurbanne"), "en_attente", ""),
    ]:
        decided = status != "en_attente"
        made[key] = TerritoryProposal.objects.create(
            territory=territory,
            author=people["author"] if key != "elsewhere" else people["other_territory"],
            author_name="Participante de démonstration" if key != "elsewhere" else "Lointain",
            kind=TerritoryProposal.Kind.ADD_ISSUE,
            title=f"Enjeu proposé ({key})",
            status=status,
            reply=reply,
            decided_by=user("editeur.aradel") if decided else None,
            decided_at=timezone.now() if decided else None,
        )
    return made


def test_the_report_shows_each_territorys_proposals_and_their_outcome(client, proposals):
    client.force_login(staff())
    html = client.get(reverse("documents_deposits_report")).content.decode()
    ours = report_section(html, grenoble())
    theirs = report_section(html, TerritoryPage.objects.get(slug="villeurbanne"))
    assert "3 propositions, dont 1 en attente" in ours
    for key in ("waiting", "accepted", "refused"):
        assert f"Enjeu proposé ({key})" in ours
        assert f"Enjeu proposé ({key})" not in theirs
        assert reverse("territory_proposals:edit", args=[proposals[key].pk]) in ours
    assert "Enjeu proposé (elsewhere)" in theirs and "Lointain" in theirs
    editor = user("editeur.aradel")
    assert f"Refusée ({editor.get_full_name() or editor.get_username()}, " in ours
    assert "Cet enjeu figure déjà sur la page." in ours
    assert "Acceptée (" in ours and "reprise dans un brouillon de la page" in ours
    assert "En attente" in ours
    # A territory without proposals says so.
    assert "Aucune proposition." in report_section(
        html, TerritoryPage.objects.exclude(proposals__isnull=False).first()
    )


# Who may open the report, and change what it offers: the staff who moderate (reviewers,
# publishers, administrators); quotas and accesses, the administrators alone.
REPORT_READERS = {"relecteur", "publication", "admin"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "author",
        "same_territory",
        "other_territory",
        "editor",
        "relecteur",
        "publication",
        "admin",
    ],
)
def test_the_report_opens_for_the_moderating_staff_only(client, people, proposals, who):
    record = deposit_as_author(client, people)
    account = people.get(who) if who in people else user(who)
    if account is not None:
        client.force_login(account)
    response = client.get(reverse("documents_deposits_report"))
    html = response.content.decode()
    menu = client.get("/admin/").content.decode()
    if who in REPORT_READERS:
        assert response.status_code == 200
        assert record.document.title in html
        assert "Enjeu proposé (refused)" in html
        assert "Cet enjeu figure déjà sur la page." in html
        assert reverse("documents_deposits_report") in menu
    else:
        assert response.status_code in (302, 403)
        for secret in (record.document.title, "Enjeu proposé", "Cet enjeu figure déjà"):
            assert secret not in html
        assert reverse("documents_deposits_report") not in menu


@pytest.mark.parametrize(
    "who",
    ["anonymous", "outsider", "author", "editor", "relecteur", "publication", "admin"],
)
def test_only_administrators_lift_a_quota_or_remove_an_access(client, people, who):
    author = people["author"]
    account = people.get(who) if who in people else user(who)
    if account is not None:
        client.force_login(account)
    client.post(
        reverse("documents_deposit_quota", args=["participant", author.pk]), {"megabytes": "9"}
    )
    client.post(reverse("documents_deposit_remove_access", args=[author.pk]))
    changed = (
        DepositQuota.objects.exists(),
        not author.groups.filter(name=PARTICIPANTS_GROUP).exists(),
    )
    assert changed == ((True, True) if who == "admin" else (False, False))


def test_a_deposit_that_another_fills_the_quota_under_is_refused_and_keeps_nothing(
    client, people, private_root, monkeypatch
):
    """The form's check passes; meanwhile another deposit took the room: the check made
    under lock as the row is written (tests/test_deposit_race.py) refuses it, in French."""
    real = deposits.quota_problem
    calls = []

    def full_the_second_time(user, territory, size):
        calls.append(size)
        if len(calls) == 1:
            return real(user, territory, size)
        return deposits.OVER_PARTICIPANT_QUOTA.format(size="1 Mo", used="200 Mo", limit="200 Mo")

    monkeypatch.setattr(deposits, "quota_problem", full_the_second_time)
    text = refused_deposit(client, people, "dépasse votre quota : vous avez utilisé 200 Mo")
    assert len(calls) == 2
    assert "Rien n'a été enregistré" in text
    assert stored_files(private_root) == []
