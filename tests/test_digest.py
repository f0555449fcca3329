"""The participants' news by e-mail (home.digest, people.notifications, #19 point 4): each user
of the privacy matrix hears of exactly what they may see, read when the message is written;
the frequency is theirs; one signed link unsubscribes, and cannot be made for someone else."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail, signing
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from access.roles import PARTICIPANTS_GROUP
from documents.collections import default_private_collection, public_collection
from home.digest import build_digest, send_digests
from home.scheduler import JOBS
from people.factories import UserFactory
from people.models import DigestPreference, Person
from people.notifications import UNSUBSCRIBE_SALT, unsubscribe_path, unsubscribe_token
from territoires.models import TeamMember

from .conftest import bulk_documents, visible_text

pytestmark = pytest.mark.django_db

WEEKLY = DigestPreference.Frequency.WEEKLY
IMMEDIATE = DigestPreference.Frequency.IMMEDIATE
NEVER = DigestPreference.Frequency.NEVER
PUBLIC_TITLE = "Note publique de la semaine"
PRIVATE_TITLE = "Note réservée au groupe"
UNRELEASED_TITLE = "Note pas encore validée"


def demo_user(username):
    return get_user_model().objects.get(username=username)


def checked(user, at, frequency=WEEKLY):
    """This user's news looked at until `at`: the next digest speaks of what came after."""
    DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "checked_until": at}
    )


def release(title, collection, at, released=True):
    """A document of this collection, released by a publisher at `at` (or not yet)."""
    from documents.models import Resource

    (document,) = bulk_documents(1, title, Resource.objects.first())
    Resource.objects.filter(pk=document.pk).update(
        title=title, collection=collection, released_at=at if released else None, created_at=at
    )
    return Resource.objects.get(pk=document.pk)


# The tests' clock runs a day ahead: what the demo released as it was built is behind it.
def later(**delta):
    return timezone.now() + timedelta(days=1, **delta)


@pytest.fixture
def news(demo):
    """The news was looked at for everyone at `start`; since, a public document, one for the
    participants and one not yet released by a publisher. Returns `start`; a week after it,
    the weekly digests are due (`due(start)`)."""
    start = later()
    release(PUBLIC_TITLE, public_collection(), start + timedelta(minutes=5))
    release(PRIVATE_TITLE, default_private_collection(), start + timedelta(minutes=6))
    release(UNRELEASED_TITLE, default_private_collection(), start, released=False)
    return start


def due(start):
    return start + timedelta(days=7, minutes=10)


def only(user):
    """Every other account has chosen « Jamais »: the outbox holds this user's mail only."""
    for other in get_user_model().objects.exclude(pk=user.pk):
        checked(other, timezone.now(), NEVER)


def matrix_user(name, participants_group):
    if name == "outsider":
        return UserFactory(username="curieux", email="curieux@example.org")
    if name == "participant_same_territory":
        return demo_user("participant")
    if name == "participant_other_territory":
        user = UserFactory(username="villeurbannais", email="villeurbannais@example.org")
        user.groups.add(participants_group)
        person = TeamMember.objects.filter(territory__slug="villeurbanne").first().person
        Person.objects.filter(pk=person.pk).update(user=user)
        return user
    return demo_user("editeur.aradel")


@pytest.mark.parametrize(
    "who, hears",
    [
        ("outsider", set()),
        ("participant_same_territory", {PUBLIC_TITLE, PRIVATE_TITLE}),
        ("participant_other_territory", {PUBLIC_TITLE, PRIVATE_TITLE}),
        ("editor", {PUBLIC_TITLE, PRIVATE_TITLE}),
    ],
)
def test_each_user_hears_of_what_they_may_see(news, participants_group, who, hears):
    user = matrix_user(who, participants_group)
    only(user)
    checked(user, news)
    mail.outbox.clear()
    assert send_digests(now=due(news)) == (1 if hears else 0)
    if not hears:
        assert mail.outbox == []
        return
    (message,) = mail.outbox
    assert message.to == [user.email]
    for title in (PUBLIC_TITLE, PRIVATE_TITLE, UNRELEASED_TITLE):
        assert (title in message.body) == (title in hears), title
    assert message.subject == "Formation-action DEU\u00a0: du nouveau (2 documents)"
    assert "Bonjour" in message.body and "/espace-participants/" in message.body


def test_an_anonymous_visitor_has_no_digest(news):
    assert build_digest(AnonymousUser(), news, due(news)).empty


def test_nothing_new_sends_nothing_and_is_not_named_twice(news):
    participant = demo_user("participant")
    only(participant)
    checked(participant, news, IMMEDIATE)
    assert send_digests(now=news + timedelta(minutes=10)) == 1
    mail.outbox.clear()
    # Looked at again five minutes later: nothing new, no message, the period marked.
    assert send_digests(now=news + timedelta(minutes=15)) == 0
    assert mail.outbox == []
    preference = DigestPreference.objects.get(user=participant)
    assert preference.checked_until == news + timedelta(minutes=15)
    assert preference.last_sent_at == news + timedelta(minutes=10)


def test_a_person_first_seen_hears_of_what_comes_next_only(news):
    """A new account (or the first run on a site) lists nothing of what was already there:
    their news starts when the job first sees them."""
    newcomer = UserFactory(username="nouvelle", email="nouvelle@example.org")
    newcomer.groups.add(Group.objects.get(name=PARTICIPANTS_GROUP))
    only(newcomer)
    DigestPreference.objects.filter(user=newcomer).delete()
    assert send_digests(now=due(news)) == 0
    assert DigestPreference.objects.get(user=newcomer).checked_until == due(news)
    release("Arrivée après la nouvelle", public_collection(), due(news) + timedelta(minutes=1))
    assert send_digests(now=due(news) + timedelta(days=7, minutes=2)) == 1
    assert "Arrivée après la nouvelle" in mail.outbox[-1].body
    assert PUBLIC_TITLE not in mail.outbox[-1].body


def test_the_frequency_is_the_persons(demo, participants_group):
    weekly, immediate, never = (
        UserFactory(username=name, email=f"{name}@example.org")
        for name in ("hebdo", "presse", "silence")
    )
    for user in (weekly, immediate, never):
        user.groups.add(participants_group)
    for other in get_user_model().objects.exclude(pk__in=[weekly.pk, immediate.pk, never.pk]):
        checked(other, timezone.now(), NEVER)
    now = later()
    checked(weekly, now - timedelta(days=1), WEEKLY)
    checked(immediate, now - timedelta(days=1), IMMEDIATE)
    checked(never, now - timedelta(days=1), NEVER)
    release("Nouveauté du jour", public_collection(), now - timedelta(hours=1))
    mail.outbox.clear()
    assert send_digests(now=now) == 1
    assert [message.to for message in mail.outbox] == [[immediate.email]]
    # A week after the weekly one's previous digest, it comes; never, never.
    mail.outbox.clear()
    assert send_digests(now=now + timedelta(days=6, minutes=1)) == 1
    assert [message.to for message in mail.outbox] == [[weekly.email]]
    assert "Nouveauté du jour" in mail.outbox[0].body


def test_a_right_withdrawn_between_two_digests(demo, participants_group):
    """The second digest is written with the rights of its day: an item of a collection the
    participant no longer may see is not named, nor counted."""
    participant = demo_user("participant")
    only(participant)
    working_group = Group.objects.create(name="Groupe de travail emploi")
    participant.groups.add(working_group)
    root = Collection.get_first_root_node()
    team_collection = root.add_child(name="Travaux du groupe emploi")
    restriction = CollectionViewRestriction.objects.create(
        collection=team_collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(working_group)

    start = later()
    checked(participant, start, IMMEDIATE)
    release("Premier travail du groupe", team_collection, start + timedelta(minutes=1))
    assert send_digests(now=start + timedelta(minutes=2)) == 1
    assert "Premier travail du groupe" in mail.outbox[-1].body

    release("Second travail du groupe", team_collection, start + timedelta(minutes=3))
    release("Compte rendu public", public_collection(), start + timedelta(minutes=4))
    participant.groups.remove(working_group)
    mail.outbox.clear()
    assert send_digests(now=start + timedelta(minutes=5)) == 1
    (message,) = mail.outbox
    assert "Compte rendu public" in message.body
    assert "travail du groupe" not in message.body
    assert "(1 document)" in message.subject

    # Out of the participants altogether: no digest at all.
    release("Autre compte rendu public", public_collection(), start + timedelta(minutes=6))
    participant.groups.clear()
    mail.outbox.clear()
    assert send_digests(now=start + timedelta(minutes=7)) == 0
    assert mail.outbox == []


def test_the_message_carries_a_one_click_unsubscribe(news):
    participant = demo_user("participant")
    only(participant)
    checked(participant, news)
    send_digests(now=due(news))
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert link.startswith("http") and "/compte/desabonnement/" in link


@pytest.fixture
def subscriber(demo):
    user = demo_user("participant")
    checked(user, timezone.now(), WEEKLY)
    return user


def test_a_valid_link_unsubscribes_without_logging_in(client, subscriber):
    path = unsubscribe_path(subscriber)
    page = client.get(path)  # opening it (a mail scanner does) changes nothing
    assert page.status_code == 200
    assert "Me désabonner" in visible_text(page)
    assert DigestPreference.objects.get(user=subscriber).frequency == WEEKLY
    done = client.post(path)
    assert done.status_code == 200
    assert "vous ne recevrez plus" in visible_text(done)
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER
    # Replayed: harmless, and says so.
    again = client.post(path)
    assert again.status_code == 200
    assert "Vous êtes déjà désabonné" in visible_text(again).replace("'", "’")
    assert "Vous êtes déjà désabonné" in visible_text(client.get(path))


def test_a_one_click_post_from_a_mail_client_needs_no_csrf_token(subscriber):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(subscriber), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER


def forged_tokens(subscriber, other):
    token = unsubscribe_token(subscriber)
    value, timestamp, signature = token.rsplit(":", 2)
    other_value = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": other.pk})
    edited_subscription = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object(
        {"u": subscriber.pk, "s": 2}
    )
    return {
        "edited signature": f"{value}:{timestamp}:{signature[:-2]}xx",
        "another account's payload": f"{other_value.rsplit(':', 2)[0]}:{timestamp}:{signature}",
        "cut": token[: len(token) // 2],
        "edited subscription": f"{edited_subscription.rsplit(':', 2)[0]}:{timestamp}:{signature}",
        "other salt": signing.TimestampSigner(salt="autre").sign_object({"u": other.pk}),
        "no salt": signing.dumps({"u": other.pk}),
        "nonsense": "%2e%2e-pas-un-jeton",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "edited signature",
        "another account's payload",
        "edited subscription",
        "cut",
        "other salt",
        "no salt",
        "nonsense",
    ],
)
def test_an_edited_or_forged_link_is_refused_in_french(client, subscriber, kind):
    other = UserFactory(username="autrui", email="autrui@example.org")
    checked(other, timezone.now(), WEEKLY)
    token = forged_tokens(subscriber, other)[kind]
    for method in (client.get, client.post):
        response = method(f"/compte/desabonnement/{token}/")
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "Ce lien de désabonnement n’est pas valable" in response.content.decode()
    assert DigestPreference.objects.get(user=subscriber).frequency == WEEKLY
    assert DigestPreference.objects.get(user=other).frequency == WEEKLY


def test_an_old_link_says_it_is_too_old(client, subscriber, monkeypatch):
    old = timezone.now() - timedelta(days=200)
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(old.timestamp()))
    )
    path = unsubscribe_path(subscriber)
    monkeypatch.undo()
    response = client.post(path)
    assert response.status_code == 400
    assert "trop ancien" in response.content.decode()
    assert DigestPreference.objects.get(user=subscriber).frequency == WEEKLY


def resubscribe(client, user, frequency=WEEKLY):
    """The person comes back, from their preferences page."""
    client.force_login(user)
    assert client.post("/compte/notifications/", {"frequency": frequency}).status_code == 302
    client.logout()


def test_a_link_replayed_after_resubscribing_is_out_of_date(client, subscriber):
    path = unsubscribe_path(subscriber)
    client.post(path)
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER
    resubscribe(client, subscriber)
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400
        text = visible_text(response).replace("'", "’")
        assert "Ce lien de désabonnement ne sert plus" in text
        assert "il n’a rien modifié" in text
        assert 'href="/compte/notifications/"' in response.content.decode()
    assert DigestPreference.objects.get(user=subscriber).frequency == WEEKLY
    # The link of the new subscription works.
    assert "vous ne recevrez plus" in visible_text(client.post(unsubscribe_path(subscriber)))
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER


def test_an_unused_link_from_before_a_resubscription_is_out_of_date_too(client, subscriber):
    """Unsubscribed from the preferences page, then back: the links of the messages of the
    first subscription, never used, no longer work."""
    path = unsubscribe_path(subscriber)
    resubscribe(client, subscriber, NEVER)
    resubscribe(client, subscriber, IMMEDIATE)
    assert client.post(path).status_code == 400
    assert DigestPreference.objects.get(user=subscriber).frequency == IMMEDIATE


def test_a_change_of_frequency_is_no_new_subscription(client, subscriber):
    path = unsubscribe_path(subscriber)
    resubscribe(client, subscriber, IMMEDIATE)  # weekly to each item: still subscribed
    assert DigestPreference.objects.get(user=subscriber).subscription == 1
    assert "vous ne recevrez plus" in visible_text(client.post(path))


def test_a_link_unsubscribes_its_own_account_only(client, subscriber):
    other = UserFactory(username="autrui", email="autrui@example.org")
    checked(other, timezone.now(), WEEKLY)
    client.force_login(other)  # logged in as someone else: the link still speaks for its own
    client.post(unsubscribe_path(subscriber))
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER
    assert DigestPreference.objects.get(user=other).frequency == WEEKLY
    # Another account's re-subscription leaves this account's links alone, and the reverse.
    other_path = unsubscribe_path(other)
    resubscribe(client, subscriber)
    assert "vous ne recevrez plus" in visible_text(client.post(other_path))


def test_a_link_made_before_subscriptions_were_numbered_is_the_first_subscriptions(
    client, subscriber
):
    legacy = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"u": subscriber.pk})
    path = f"/compte/desabonnement/{legacy}/"
    client.post(path)
    assert DigestPreference.objects.get(user=subscriber).frequency == NEVER
    resubscribe(client, subscriber)
    assert client.post(path).status_code == 400
    assert DigestPreference.objects.get(user=subscriber).frequency == WEEKLY


@pytest.mark.parametrize("payload", [{"u": "1"}, {"u": [1]}, ["u", 1], {"s": 1}, None])
def test_a_signed_token_of_another_shape_is_refused_in_french(client, subscriber, payload):
    token = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object(payload)
    response = client.post(f"/compte/desabonnement/{token}/")
    assert response.status_code == 400
    assert "Ce lien de désabonnement n’est pas valable" in response.content.decode()


def test_the_digest_carries_the_link_of_the_current_subscription(client, subscriber, news):
    only(subscriber)
    checked(subscriber, news)
    send_digests(now=due(news))
    (first,) = mail.outbox
    first_link = (
        first.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")
    )
    client.post(first_link)
    resubscribe(client, subscriber, IMMEDIATE)
    mail.outbox.clear()
    release("Encore une note", public_collection(), due(news) + timedelta(minutes=1))
    send_digests(now=due(news) + timedelta(minutes=2))
    (second,) = mail.outbox
    second_link = (
        second.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")
    )
    assert second_link != first_link
    assert client.post(first_link).status_code == 400
    assert "vous ne recevrez plus" in visible_text(client.post(second_link))


def test_preferences_are_in_the_account(client, subscriber):
    assert client.get("/compte/notifications/").url.startswith("/connexion/?next=")
    client.force_login(subscriber)
    page = client.get("/compte/notifications/")
    text = visible_text(page)
    assert "Une fois par semaine" in text and "À chaque nouveauté" in text and "Jamais" in text
    client.post("/compte/notifications/", {"frequency": IMMEDIATE})
    assert DigestPreference.objects.get(user=subscriber).frequency == IMMEDIATE
    bad = client.post("/compte/notifications/", {"frequency": "toutes-les-heures"})
    assert bad.status_code == 200
    assert "Choisissez une des fréquences proposées." in bad.content.decode()
    assert DigestPreference.objects.get(user=subscriber).frequency == IMMEDIATE
    # The participants' area and the account page lead there.
    assert 'href="/compte/notifications/"' in client.get("/espace-participants/").content.decode()
    assert 'href="/compte/notifications/"' in client.get("/compte/").content.decode()


def test_the_scheduler_sends_them():
    assert "send_digests" in [job.command for job in JOBS]
