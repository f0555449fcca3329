"""The e-mail news of the participants' area (#19, point 4): what is new for one person.

Who receives it: every active account with an e-mail address that may open the participants'
area (the participants and the staff), unless they chose « Jamais » (people.DigestPreference,
/compte/notifications/). Weekly by default, or at each new item: the scheduler runs
`send_digests` every few minutes (home.scheduler), and each run looks at who is due.

What it names: the documents released since the person's previous digest and the pages first
published since then, narrowed by the site's one visibility rule (access.visibility) for the
recipient, read when the message is written: a right withdrawn since the previous digest
means the item is not named, nor counted. A digest with nothing in it is not sent (its
period is still marked as looked at, so the next one does not name it again).

It lives in home, not in people: it reads documents and pages, which come after people.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import Page, Site

from access.visibility import is_page_visible, visible_documents, visible_pages
from documents.models import LibraryPage, Resource
from people.models import DigestPreference
from people.notifications import unsubscribe_path

logger = logging.getLogger(__name__)

WEEK = timedelta(days=7)
# The most a digest lists of each kind; the rest is counted, with a link to the library.
DIGEST_ITEMS_SHOWN = 30


class Recipient:
    """Stands for a request of this user where none is at hand: the visibility rule reads
    `request.user` and keeps what it read on the object (access.request_memo), fresh for each
    digest, so a right changed since the previous one is read as it is now."""

    def __init__(self, user):
        self.user = user


@dataclass
class Digest:
    user: object
    since: object
    until: object
    documents: list = field(default_factory=list)
    more_documents: int = 0
    pages: list = field(default_factory=list)
    more_pages: int = 0

    @property
    def empty(self):
        return not (self.documents or self.pages)

    @property
    def count(self):
        return len(self.documents) + self.more_documents + len(self.pages) + self.more_pages


def participants_area():
    from home.models import ParticipantsAreaPage

    return ParticipantsAreaPage.objects.live().first()


def site_root():
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def build_digest(user, since, until, area=None, site=None):
    """What is new for this user between `since` (excluded) and `until` (included), as the
    visibility rule says now. Empty for whoever may not open the participants' area."""
    digest = Digest(user, since, until)
    request = Recipient(user)
    area = area if area is not None else participants_area()
    if area is None or not user.is_active or not is_page_visible(area, request):
        return digest
    documents = visible_documents(
        Resource.objects.filter(released_at__gt=since, released_at__lte=until), request
    )
    site = site if site is not None else site_root()
    pages = Page.objects.filter(first_published_at__gt=since, first_published_at__lte=until)
    if site is not None:
        root = site.root_page
        pages = pages.filter(path__startswith=root.path, depth__gt=root.depth)
    digest.documents, digest.more_documents = _shown(
        documents.select_related("session").order_by("released_at", "pk")
    )
    for document in digest.documents:
        # Its session is named only if the recipient may see the session's page.
        session = document.session
        document.shown_session = (
            session if session is not None and is_page_visible(session, request) else None
        )
    digest.pages, digest.more_pages = _shown(
        visible_pages(pages, request).order_by("first_published_at", "pk")
    )
    return digest


def _shown(queryset):
    """The first DIGEST_ITEMS_SHOWN items, and how many more there are (counted only then)."""
    items = list(queryset[: DIGEST_ITEMS_SHOWN + 1])
    if len(items) <= DIGEST_ITEMS_SHOWN:
        return items, 0
    return items[:DIGEST_ITEMS_SHOWN], queryset.count() - DIGEST_ITEMS_SHOWN


def root_url(site):
    return site.root_url if site is not None else "http://localhost"


def links(digest, area, site):
    """The absolute addresses the message gives: each document's page (or its download, when
    the library is not theirs to see), each page, the area, the preferences."""
    base = root_url(site)
    library = LibraryPage.for_request(Recipient(digest.user))
    library_url = library.get_full_url() if library is not None else ""
    documents = []
    for document in digest.documents:
        if library_url:
            address = library_url + library.reverse_subpage("document", args=[document.public_id])
        else:
            address = base + document.url
        documents.append((document, address))
    pages = [(page, page.get_full_url() or base + page.url_path) for page in digest.pages]
    return {
        "documents": documents,
        "pages": pages,
        "area_url": area.get_full_url() if area is not None else base + "/",
        "library_url": (library_url + "?tri=date") if library_url else "",
    }


def subject_of(digest):
    parts = []
    documents = len(digest.documents) + digest.more_documents
    pages = len(digest.pages) + digest.more_pages
    if documents:
        parts.append(f"{documents} document{'s' if documents > 1 else ''}")
    if pages:
        parts.append(f"{pages} page{'s' if pages > 1 else ''}")
    return f"Formation-action DEU\u00a0: du nouveau ({' et '.join(parts)})"


def message_of(digest, preference, area=None, site=None):
    site = site if site is not None else site_root()
    unsubscribe = root_url(site) + unsubscribe_path(digest.user, preference)
    context = {
        "digest": digest,
        "user": digest.user,
        "weekly": preference.frequency == DigestPreference.Frequency.WEEKLY,
        "unsubscribe_url": unsubscribe,
        "preferences_url": root_url(site) + "/compte/notifications/",
        **links(digest, area, site),
    }
    message = EmailMessage(
        subject=subject_of(digest),
        body=render_to_string("home/emails/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients show their own « Se désabonner », which
            # posts to the same signed address (people.notifications.unsubscribe).
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return message


def is_due(preference, now):
    if preference.frequency == DigestPreference.Frequency.NEVER:
        return False
    if preference.frequency == DigestPreference.Frequency.IMMEDIATE:
        return True
    return preference.checked_until is None or preference.checked_until <= now - WEEK


def recipients():
    """The accounts that may hear of what is new: active, with an address, not « Jamais »."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(digest_preference__frequency=DigestPreference.Frequency.NEVER)
        .order_by("pk")
    )


def send_digests(now=None):
    """Write and send the digests that are due; return how many were sent.

    A person is first only noted: their news starts then. Each
    person's period is marked as looked at in the same transaction as their message is sent:
    a failure leaves it to the next run, and never names an item twice."""
    now = now or timezone.now()
    area = participants_area()
    if area is None:
        return 0
    site = site_root()
    sent = 0
    for user in recipients():
        preference = DigestPreference.of(user)
        if preference.checked_until is None:
            # First seen: the news starts now (a new site's or a new account's first
            # message would otherwise list everything that was already there).
            preference.checked_until = now
            preference.save(update_fields=["checked_until", "updated_at"])
            continue
        if not is_due(preference, now):
            continue
        # Never further back than two weeks: one who comes back to the news after months of
        # « Jamais » hears of what is recent, not of everything since.
        since = max(preference.checked_until, now - 2 * WEEK)
        with transaction.atomic():
            preference = DigestPreference.objects.select_for_update().get(pk=preference.pk)
            if not is_due(preference, now):
                continue  # another run did it meanwhile
            digest = build_digest(user, since, now, area=area, site=site)
            preference.checked_until = now
            if not digest.empty:
                message_of(digest, preference, area=area, site=site).send()
                preference.last_sent_at = now
                sent += 1
            preference.save(update_fields=["checked_until", "last_sent_at", "updated_at"])
    return sent
