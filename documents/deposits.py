"""The participants' deposits: a working document a participant adds from their area, which
the staff accept or refuse (issue 19, points 1, 2 and 6).

- Who deposits: an active member of the « Participants » group whose person (people.Person,
  published) is in the team of a territory they may see; for that territory only
  (`territories_of`).
- What a deposit is: a Resource in the participants' collection, never released by its
  author, with its Deposit record (documents.models): author, territory, state, refusal
  reason, dates. The file goes through the staff's checks (documents.forms.CheckedFileMixin);
  its text is read after the answer (`read_later`: a thread, and the scheduler's job for what
  a thread left).
- While it waits (and once refused) the visibility rule hides it from every participant, its
  author included, as it hides any unreleased document (access.visibility.visible_documents):
  the author sees it in « Mes dépôts » only, from their Deposit records.
- Moderation: a reviewer, publisher or administrator (`can_moderate`) accepts it, which
  releases it in the participants' collection (never public: only a publisher moves a
  document to a public collection, documents.release), or refuses it with a reason, which the
  author reads by e-mail and in « Mes dépôts ».
- Quotas: per participant and per territory's team (settings, or a DepositQuota the staff
  set in the report, documents.deposit_admin). Every deposit counts, refused ones too: their
  file is still stored until the author withdraws it.
"""

import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from wagtail.search import index as search_index

from access.roles import PARTICIPANTS_GROUP
from access.visibility import group_restricted_collections
from documents.collections import default_private_collection
from documents.models import Deposit, DepositQuota, Resource
from documents.pipeline import defer_reading, ingest, needs_reading
from documents.release import file_problem, mark_waiting
from people.notifications import area_url
from territoires.models import TerritoryPage

logger = logging.getLogger(__name__)

MODERATE_PERMISSION = "documents.moderate_deposit"
MB = 1024 * 1024

# The fields an author's correction writes, and those the background reading writes: each
# save names its own, so that neither undoes the other when both happen at once.
METADATA_FIELDS = ["title", "description", "kind", "session"]
READING_FIELDS = [
    "file_size",
    "file_hash",
    "file_format",
    "original_filename",
    "text_status",
    "text_status_detail",
    "extracted_text",
    "extracted_hash",
    "page_count",
    "preview",
]


def is_participant(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.groups.filter(name=PARTICIPANTS_GROUP).exists()
    )


def can_moderate(user):
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def territories_of(user, request):
    """The territories this user deposits for: those they may see whose team counts their
    published person."""
    if not user.is_authenticated:
        return TerritoryPage.objects.none()
    return (
        TerritoryPage.visible_in(request)
        .filter(team_members__person__user=user, team_members__person__live=True)
        .distinct()
    )


def megabytes(size):
    """« 12,5 Mo », « 200 Mo »: what the forms and the report say."""
    value = round((size or 0) / MB, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}\u00a0Mo"


@dataclass
class Quota:
    used: int
    limit: int

    @property
    def remaining(self):
        return max(0, self.limit - self.used)

    @property
    def percent(self):
        return min(100, round(100 * self.used / self.limit)) if self.limit else 100

    @property
    def limit_mb(self):
        return round(self.limit / MB)

    @property
    def used_label(self):
        return megabytes(self.used)

    @property
    def limit_label(self):
        return megabytes(self.limit)

    def allows(self, size):
        return self.used + size <= self.limit


def _limit(owner_filter, default_mb):
    chosen = DepositQuota.objects.filter(**owner_filter).values_list("megabytes", flat=True)
    return (chosen.first() if chosen else None) or default_mb


def participant_quota(user):
    used = Resource.objects.filter(deposit__depositor=user).aggregate(total=Sum("file_size"))
    limit = _limit({"user": user}, settings.DEPOSIT_QUOTA_PER_PARTICIPANT_MB)
    return Quota(used=used["total"] or 0, limit=limit * MB)


def territory_quota(territory, user):
    """The territory's quota as this participant sees it and is held to: the deposits their
    team may see (the accepted ones) and their own, whatever their state. A teammate's
    waiting or refused deposit is neither counted nor named to them (the privacy rule); it
    counts in its author's own quota."""
    mine_or_accepted = Q(deposit__state=Deposit.State.ACCEPTED) | Q(deposit__depositor=user)
    used = (
        Resource.objects.filter(deposit__territory=territory)
        .filter(mine_or_accepted)
        .aggregate(total=Sum("file_size"))
    )
    limit = _limit({"territory": territory}, settings.DEPOSIT_QUOTA_PER_TERRITORY_MB)
    return Quota(used=used["total"] or 0, limit=limit * MB)


OVER_PARTICIPANT_QUOTA = (
    "Ce fichier ({size}) dépasse votre quota : vous avez utilisé {used} sur {limit}. Rien "
    "n’a été enregistré. Retirez un dépôt dont vous n’avez plus besoin, ou demandez à "
    "l’équipe de la formation-action d’augmenter votre quota."
)
OVER_TERRITORY_QUOTA = (
    "Ce fichier ({size}) dépasse le quota de votre territoire : son équipe a utilisé {used} "
    "sur {limit}. Rien n’a été enregistré. Demandez à l’équipe de la formation-action "
    "d’augmenter ce quota."
)

MOVE_OVER_TERRITORY_QUOTA = (
    "Ce document ({size}) dépasse le quota de ce territoire : son équipe a utilisé {used} "
    "sur {limit}. Rien n’a été changé, le dépôt reste sur son territoire. Demandez à "
    "l’équipe de la formation-action d’augmenter ce quota."
)


def quota_problem(user, territory, size):
    """Why a file of this size may not be deposited by this user for this territory (a
    French message), or None."""
    mine = participant_quota(user)
    if not mine.allows(size):
        return OVER_PARTICIPANT_QUOTA.format(
            size=megabytes(size), used=mine.used_label, limit=mine.limit_label
        )
    if territory is not None:
        theirs = territory_quota(territory, user)
        if not theirs.allows(size):
            return OVER_TERRITORY_QUOTA.format(
                size=megabytes(size), used=theirs.used_label, limit=theirs.limit_label
            )
    return None


def hold_quotas(user, territory):
    """Lock, until the transaction ends, the rows that stand for this participant's quota and
    their territory's (their account, the territory page's own row): deposits of the same
    person or for the same territory then check and store one after the other, and two at
    once cannot both pass a check that only one of them fits."""
    User = get_user_model()
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    list(
        TerritoryPage.objects.select_for_update(of=("self",))
        .filter(pk=territory.pk)
        .values_list("pk")
    )


def set_quota(*, user=None, territory=None, megabytes_value=None):
    """The staff lift (or lower) a quota; None puts back the setting's."""
    owner = {"user": user} if user is not None else {"territory": territory}
    if megabytes_value is None:
        DepositQuota.objects.filter(**owner).delete()
    else:
        DepositQuota.objects.update_or_create(**owner, defaults={"megabytes": megabytes_value})


# Deposit, correct, withdraw: the author's side.


class OverQuota(Exception):
    """Another deposit of the same person or territory, stored while this one was checked,
    took the room it needed: nothing of this one is kept. The message says it, in French."""


def deposit(form, user):
    """Store the deposit a valid DepositForm describes (its file already stored and checked,
    documents.forms.CheckedFileMixin); its text is read after the answer (`read_later`).
    The quotas are checked again under lock as the row is written (`hold_quotas`): raises
    OverQuota, and the stored file is removed, when another deposit took the room meanwhile."""
    document = form.save(commit=False)
    territory = form.cleaned_data["territory"]
    document.collection = default_private_collection()
    document.uploaded_by_user = user
    mark_waiting(document)  # only the staff's acceptance releases it
    defer_reading(document)
    try:
        with transaction.atomic():
            hold_quotas(user, territory)
            problem = quota_problem(user, territory, form.cleaned_data["file"].size)
            if problem:
                raise OverQuota(problem)
            ingest(document)  # metadata, the row, the search vector: no reading
            form.save_m2m()  # themes
            document.territories.set([territory])
            record = Deposit.objects.create(
                document=document,
                depositor=user,
                depositor_name=user.get_full_name() or user.get_username(),
                territory=territory,
            )
    except Exception:
        # The file was stored by the form: no file without its row.
        if document.file and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    search_index.insert_or_update_object(document)
    transaction.on_commit(lambda: read_later(document.pk))
    return record


class NoLongerChangeable(Exception):
    """The staff accepted the deposit between the author's reading of it and their change:
    it is the group's now, and nothing of the change is kept."""


def _still_the_authors(record):
    """The deposit's row, locked until the end of the transaction, if its author may still
    change it: a decision of the staff taken meanwhile waits for this one, or wins."""
    record = _locked(record)
    if not record.author_may_change:
        raise NoLongerChangeable
    return record


def correct(form, record):
    """The author's correction of a deposit they may still change: its metadata and its
    territory; a refused deposit goes back to the staff, as a new proposal. Raises
    NoLongerChangeable (nothing changed) when the staff accepted it meanwhile, OverQuota
    (nothing changed) when it moves to a territory whose quota it does not fit."""
    document = form.save(commit=False)
    defer_reading(document)
    territory = form.cleaned_data["territory"]
    with transaction.atomic():
        record = _still_the_authors(record)
        if territory.pk != record.territory_id:
            # Moved to another of their territories: it must fit that one's quota, checked
            # under the same lock as a new deposit (its author's own quota does not change).
            hold_quotas(record.depositor, territory)
            theirs = territory_quota(territory, record.depositor)
            if not theirs.allows(document.file_size):
                raise OverQuota(
                    MOVE_OVER_TERRITORY_QUOTA.format(
                        size=megabytes(document.file_size),
                        used=theirs.used_label,
                        limit=theirs.limit_label,
                    )
                )
        document.save(update_fields=METADATA_FIELDS)
        form.save_m2m()
        document.territories.set([territory])
        record.territory = territory
        if record.is_refused:
            record.state = Deposit.State.PENDING
            record.decided_at = record.decided_by = None
        # Only what the author changes: the staff's fields are never written back.
        record.save(update_fields=["territory", "state", "decided_at", "decided_by"])
    document.refresh_search_vector()
    search_index.insert_or_update_object(document)
    return record


def withdraw(record):
    """The author takes back a deposit they may still change: the document and its file go
    (Wagtail deletes a deleted document's file, documents.signals its preview). Raises
    NoLongerChangeable (nothing deleted) when the staff accepted it meanwhile."""
    with transaction.atomic():
        _still_the_authors(record).document.delete()


# The background reading of a deposit's text.


def read_text(pk):
    """Read the text of this deposit's file, if nobody has yet: the steps of the pipeline
    that were put off (documents.pipeline.defer_reading). Writes the reading's fields only."""
    document = Resource.objects.filter(pk=pk, deposit__isnull=False).first()
    if document is None or not needs_reading(document):
        return False
    ingest(document, update_fields=READING_FIELDS)
    return True


def _read_in_thread(pk):
    try:
        read_text(pk)
    except Exception:
        logger.exception("Lecture du texte d’un dépôt en échec (document %s)", pk)
    finally:
        connection.close()  # this thread's own


def read_later(pk):
    """After the answer: in a thread of this process when the settings allow it; the
    scheduler's job (read_deposits) reads what is left either way."""
    if settings.DEPOSIT_READ_IN_THREAD:
        threading.Thread(target=_read_in_thread, args=(pk,), daemon=True).start()


def read_waiting_texts():
    """The scheduler's job: every deposit whose text is still waiting to be read. Returns
    how many were read."""
    pending = Resource.objects.filter(
        deposit__isnull=False, text_status=Resource.TextStatus.PENDING
    ).values_list("pk", flat=True)
    read = 0
    for pk in list(pending):
        try:
            read += read_text(pk)
        except Exception:
            logger.exception("Lecture du texte d’un dépôt en échec (document %s)", pk)
    return read


# Moderation: the staff's side.

ALREADY_DECIDED = "« {title} » a déjà été traité ({state}) : rien n’a changé."
NOT_RESTRICTED = (
    "« {title} » n’a pas été accepté : il n’est plus dans une collection réservée aux "
    "participants. Un responsable de publication décide de sa diffusion depuis la liste des "
    "documents."
)


def pending_deposits():
    return Deposit.objects.filter(state=Deposit.State.PENDING)


def _locked(record):
    return (
        Deposit.objects.select_for_update(of=("self",))
        .select_related("document", "depositor", "territory")
        .get(pk=record.pk)
    )


def accept(record, user):
    """Release this pending deposit into the participants' collection. Returns a French
    message when it could not be (and nothing changed), else None."""
    if not can_moderate(user):
        raise PermissionError("Seuls les relecteurs et les responsables de publication décident.")
    with transaction.atomic():
        record = _locked(record)
        document = record.document
        if not record.is_pending:
            return ALREADY_DECIDED.format(
                title=document.title, state=record.get_state_display().lower()
            )
        if not group_restricted_collections().filter(pk=document.collection_id).exists():
            return NOT_RESTRICTED.format(title=document.title)
        problem = file_problem(document)
        if problem:
            return problem
        now = timezone.now()
        document.released_at, document.released_by = now, user
        defer_reading(document)  # the reading stays the background's
        document.save(update_fields=["released_at", "released_by"])
        record.state, record.decided_at, record.decided_by = Deposit.State.ACCEPTED, now, user
        record.refusal_reason = ""
        record.save()
    transaction.on_commit(lambda: notify_author(record))
    return None


def refuse(record, user, reason):
    """Refuse this pending deposit with a reason (required), which the author reads. Returns
    a French message when nothing changed, else None."""
    if not can_moderate(user):
        raise PermissionError("Seuls les relecteurs et les responsables de publication décident.")
    reason = (reason or "").strip()
    if not reason:
        return "Le motif du refus est obligatoire : l’auteur le lira."
    with transaction.atomic():
        record = _locked(record)
        if not record.is_pending:
            return ALREADY_DECIDED.format(
                title=record.document.title, state=record.get_state_display().lower()
            )
        record.state, record.refusal_reason = Deposit.State.REFUSED, reason
        record.decided_at, record.decided_by = timezone.now(), user
        record.save()
    transaction.on_commit(lambda: notify_author(record))
    return None


def may_be_told(user):
    """The author hears of the decision while they are a participant: a removed one is not
    written to (their deposit stays with their territory)."""
    return bool(user is not None and user.email and is_participant(user))


def notify_author(record):
    """The decision, by e-mail, in French. Returns whether a message went out; a mail server
    that fails is logged, never an error for the staff member who decided."""
    author = record.depositor
    if not may_be_told(author):
        return False
    title = record.document.title
    mine = area_url()
    mine = f"{mine}mes-depots/" if mine else ""
    if record.is_accepted:
        subject = f"Votre dépôt « {title} » a été accepté"
        body = (
            f"Bonjour,\n\nVotre document « {title} » a été accepté par l’équipe de la "
            "formation-action : les participants le trouvent désormais dans leur espace et "
            "dans la bibliothèque (il reste réservé aux participants).\n"
        )
    else:
        subject = f"Votre dépôt « {title} » n’a pas été accepté"
        body = (
            f"Bonjour,\n\nVotre document « {title} » n’a pas été accepté par l’équipe de la "
            f"formation-action, pour ce motif :\n\n{record.refusal_reason}\n\n"
            "Vous pouvez le corriger et le proposer à nouveau, ou le retirer, depuis vos "
            "dépôts.\n"
        )
    if mine:
        body += f"\nVos dépôts : {mine}\n"
    body += "\nL’équipe de la formation-action « Développement économique urbain »\n"
    try:
        send_mail(subject, body, None, [author.email])
    except Exception:
        logger.exception("Courriel de décision d’un dépôt non envoyé")
        return False
    return True
