"""A territory's team proposes updates of its key issues and short-term actions; the editors
turn the accepted ones into drafts of the territory page.

The participants' side: `team_territories` (whose team counts this user), `ProposalForm`
and `submit` (the participants' area serves them: home.models.ParticipantsAreaPage), and
`proposals_of` (what a participant may read: their own territories' proposals, no other).
The staff's side: `accept` and `refuse` (territoires.wagtail_hooks). An accepted proposal
changes the latest revision of the page, draft included, into a new draft revision; the
editors then submit it to « Validation éditoriale » as any edit: nothing is published here.
Either decision is told to the proposal's author by e-mail (`notify_author`), while they may
still read it in the area: an active participant of that territory's team.
"""

import logging

from django import forms
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from access.visibility import is_participant, visible_pages
from editorial.typography import french
from people.notifications import area_url
from territoires.models import KeyIssue, ShortTermAction, TerritoryPage, TerritoryProposal

logger = logging.getLogger(__name__)

Kind = TerritoryProposal.Kind
Status = TerritoryProposal.Status
State = ShortTermAction.State

TEXT_LIMIT = 2000
ACCEPTED_LOG_ACTION = "territoires.proposal_accepted"

NOT_YOUR_TERRITORY = (
    "Vous ne pouvez proposer de mise à jour que pour le territoire de votre équipe."
)
UNKNOWN_TARGET = "Cet enjeu ou cette action n’existe pas (ou plus) sur la page de ce territoire."


class ProposalError(Exception):
    """A proposal that cannot be decided as asked; the message says why, in French."""

    def __init__(self, message):
        super().__init__(french(message))


def team_territories(request):
    """The territories this request's user may see and whose team counts their published
    person (the rule of the participants' area: people.Person.user)."""
    user = request.user
    if not user.is_authenticated:
        return TerritoryPage.objects.none()
    pages = TerritoryPage.objects.filter(
        team_members__person__user=user, team_members__person__live=True
    )
    return visible_pages(pages, request).distinct().order_by("title")


def proposals_of(territories):
    """The proposals of these territories, the latest first."""
    return (
        TerritoryProposal.objects.filter(territory__in=territories)
        .select_related("territory")
        .order_by("-created_at", "-pk")
    )


def author_name(user):
    return user.get_full_name().strip() or user.get_username()


def _target_value(item):
    prefix = "enjeu" if isinstance(item, KeyIssue) else "action"
    return f"{prefix}-{item.pk}"


class ProposalForm(forms.Form):
    """One form for the five kinds of proposal; the fields a kind does not use are ignored.
    Only the user's own territories and their items are offered, and only they are accepted:
    a forged territory or item is refused with a French message."""

    territory = forms.TypedChoiceField(
        label="Territoire",
        coerce=int,
        error_messages={"invalid_choice": NOT_YOUR_TERRITORY, "required": NOT_YOUR_TERRITORY},
    )
    kind = forms.ChoiceField(
        label="Ce que vous proposez",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez ce que vous proposez.",
            "invalid_choice": "Choisissez ce que vous proposez parmi les cinq possibilités.",
        },
    )
    target = forms.ChoiceField(
        label="L’enjeu ou l’action concerné",
        required=False,
        help_text="Pour une reformulation ou un changement d’état.",
        error_messages={"invalid_choice": UNKNOWN_TARGET},
    )
    title = forms.CharField(
        label="Titre proposé",
        max_length=255,
        required=False,
        help_text="Pour un ajout, ou une reformulation du titre.",
    )
    description = forms.CharField(
        label="Description proposée",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Pour un ajout, ou une reformulation de la description.",
    )
    state = forms.ChoiceField(
        label="État proposé",
        choices=[("", "—"), *State.choices],
        required=False,
        help_text="Pour un changement d’état, ou l’état d’une action ajoutée.",
        error_messages={"invalid_choice": "Choisissez un état de la liste."},
    )
    comment = forms.CharField(
        label="Votre commentaire",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=french("Pourquoi ce changement : il aide les éditeurs à décider."),
    )

    def __init__(self, territories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The user's territories as read once by the caller: no query of the form's own.
        self.territories = {t.pk: t for t in territories}
        self.fields["territory"].choices = [(t.pk, t.title) for t in territories]
        if len(territories) == 1:
            self.fields["territory"].initial = territories[0].pk
        # Every issue and action of these territories, by their live rows (what the team
        # reads on the page): {value: item}, offered grouped by territory.
        names = {t.pk: t.title for t in self.territories.values()}
        issues = KeyIssue.objects.filter(territory__in=names).order_by("territory", "sort_order")
        actions = ShortTermAction.objects.filter(territory__in=names).order_by(
            "territory", "sort_order"
        )
        self.items = {_target_value(item): item for item in [*issues, *actions]}
        groups = []
        for pk, name in names.items():
            choices = [
                (value, f"{'Enjeu' if isinstance(item, KeyIssue) else 'Action'} : {item.title}")
                for value, item in self.items.items()
                if item.territory_id == pk
            ]
            if choices:
                groups.append((name, choices))
        self.fields["target"].choices = [("", "—"), *groups]

    def add_error(self, field, error):
        # The messages written here, with French spaces (« : », « ; », « « » »).
        super().add_error(field, french(error) if isinstance(error, str) else error)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        territory = self.territories.get(data.get("territory"))
        if not kind or territory is None:
            return data
        data["territory"] = territory
        title, description = data.get("title", ""), data.get("description", "")
        item = self.items.get(data.get("target") or "")
        if item is not None and item.territory_id != territory.pk:
            self.add_error("target", UNKNOWN_TARGET)
            return data
        data["item"] = None
        if kind in (Kind.ADD_ISSUE, Kind.ADD_ACTION):
            if not title:
                what = "de l’enjeu" if kind == Kind.ADD_ISSUE else "de l’action"
                self.add_error("title", f"Donnez le titre {what} à ajouter.")
            if kind == Kind.ADD_ISSUE:
                data["state"] = ""
            return data
        wants_issue = kind == Kind.REWORD_ISSUE
        if item is None or isinstance(item, KeyIssue) != wants_issue:
            needed = {
                Kind.REWORD_ISSUE: "Choisissez l’enjeu à reformuler.",
                Kind.REWORD_ACTION: "Choisissez l’action à reformuler.",
                Kind.ACTION_STATE: "Choisissez l’action dont l’état change.",
            }[kind]
            self.add_error("target", needed)
            return data
        data["item"] = item
        if kind == Kind.ACTION_STATE:
            state = data.get("state")
            if not state:
                self.add_error("state", "Choisissez le nouvel état de l’action.")
            elif state == item.state:
                self.add_error(
                    "state", f"L’action est déjà à l’état « {item.get_state_display()} »."
                )
            data["title"] = data["description"] = ""
            return data
        if not title and not description:
            self.add_error(
                "title", "Proposez un nouveau titre, une nouvelle description, ou les deux."
            )
        elif (title or item.title) == item.title and (
            description or item.description
        ) == item.description:
            self.add_error("title", "C’est déjà le texte de la page : rien ne changerait.")
        data["state"] = ""
        return data


def submit(form, user):
    """Store a valid form's proposal; returns (proposal, created). The same proposal sent
    again by the same person while it waits (a double click, a reloaded page) is stored
    once: the existing one is returned."""
    data = form.cleaned_data
    item = data.get("item")
    fields = {
        "territory": data["territory"],
        "kind": data["kind"],
        "target_id": item.pk if item is not None else None,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "state": data.get("state", ""),
    }
    with transaction.atomic():
        # One submission at a time per territory: two identical requests at once do not
        # both find no twin.
        TerritoryPage.objects.select_for_update().filter(pk=data["territory"].pk).first()
        twin = TerritoryProposal.objects.filter(
            author=user, status=Status.PENDING, **fields
        ).first()
        if twin is not None:
            return twin, False
        proposal = TerritoryProposal.objects.create(
            author=user,
            author_name=author_name(user),
            target_title=item.title if item is not None else "",
            comment=data.get("comment", ""),
            **fields,
        )
    return proposal, True


# The staff's side


def _next_order(items):
    return max((item.sort_order or 0 for item in items), default=-1) + 1


def apply_to(page, proposal):
    """Make the proposed change on this (unsaved) version of the territory page."""
    if proposal.kind == Kind.ADD_ISSUE:
        issues = list(page.key_issues.all())
        page.key_issues.add(
            KeyIssue(
                title=proposal.title,
                description=proposal.description,
                sort_order=_next_order(issues),
            )
        )
        return
    if proposal.kind == Kind.ADD_ACTION:
        actions = list(page.actions.all())
        page.actions.add(
            ShortTermAction(
                title=proposal.title,
                description=proposal.description,
                state=proposal.state or State.PROPOSED,
                sort_order=_next_order(actions),
            )
        )
        return
    items = page.key_issues.all() if proposal.is_about_issue else page.actions.all()
    item = next((i for i in items if i.pk == proposal.target_id), None)
    if item is None:
        what = "L’enjeu" if proposal.is_about_issue else "L’action"
        raise ProposalError(
            f"{what} « {proposal.target_title} » n’est plus dans la dernière version de la "
            "page : la proposition ne peut pas s’y appliquer. Refusez-la en le disant à "
            "l’équipe, ou rétablissez l’élément avant de l’accepter."
        )
    if proposal.kind == Kind.ACTION_STATE:
        item.state = proposal.state
        return
    if proposal.title:
        item.title = proposal.title
        # The team's own words: no longer an invented example.
        item.example_content = False
    if proposal.description:
        item.description = proposal.description


def _pending(proposal):
    """The proposal, locked for this transaction, if it still waits."""
    locked = TerritoryProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Status.PENDING:
        raise ProposalError(
            f"Cette proposition a déjà été traitée (« {locked.get_status_display()} ») : "
            "rien n’a été changé."
        )
    return locked


@transaction.atomic
def accept(proposal, user, reply=""):
    """Apply the proposal to the latest revision of its territory page and save that as a
    new draft revision (the live page is unchanged until the workflow publishes it), credited
    to the team in the page's history. Returns the revision."""
    proposal = _pending(proposal)
    territory = TerritoryPage.objects.select_for_update().get(pk=proposal.territory_id)
    if not territory.permissions_for_user(user).can_edit():
        raise ProposalError("Vous ne pouvez pas modifier la page de ce territoire.")
    if territory.workflow_in_progress:
        raise ProposalError(
            f"La page « {territory.draft_title} » est en cours de validation : acceptez la "
            "proposition quand la relecture est finie (ou annulée), pour ne pas changer ce "
            "que les relecteurs lisent."
        )
    lock = territory.get_lock()
    if lock is not None and lock.for_user(user):
        raise ProposalError(
            f"La page « {territory.draft_title} » est verrouillée : "
            "demandez à la personne qui l’a verrouillée de la libérer."
        )
    page = territory.get_latest_revision_as_object()
    apply_to(page, proposal)
    revision = page.save_revision(user=user, log_action=False)
    log(
        instance=page,
        action=ACCEPTED_LOG_ACTION,
        user=user,
        revision=revision,
        content_changed=True,
        data={
            "territory": territory.title,
            "author": proposal.author_name,
            "summary": proposal.summary(),
            "comment": proposal.comment,
        },
    )
    proposal.status = Status.ACCEPTED
    proposal.reply = reply
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.revision = revision
    proposal.save()
    transaction.on_commit(lambda: notify_author(proposal))
    return revision


@transaction.atomic
def refuse(proposal, user, reply):
    """Refuse with a reason, which the team reads in the participants' area."""
    proposal = _pending(proposal)
    if not (reply or "").strip():
        raise ProposalError(
            "Dites à l’équipe pourquoi : la raison du refus est obligatoire, "
            "elle la lira dans l’espace des participants."
        )
    proposal.status = Status.REFUSED
    proposal.reply = reply.strip()
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.save()
    transaction.on_commit(lambda: notify_author(proposal))
    return proposal


# The author hears of the decision


class _Reader:
    """Stands for a request of the author where none is at hand (an e-mail): the visibility
    rule reads `request.user`, as it is now."""

    def __init__(self, user):
        self.user = user


def may_be_told(proposal):
    """Whether the author may hear of this decision: they have an address and may still read
    the proposal in the area (an active participant of the territory's team, who may see its
    page). A removed or deactivated participant, or one who left the team, is not written to:
    the proposal stays the territory's."""
    author = proposal.author
    if author is None or not author.email:
        return False
    reader = _Reader(author)
    return (
        is_participant(reader)
        and team_territories(reader).filter(pk=proposal.territory_id).exists()
    )


def decision_message(proposal):
    """(subject, body) in French, of the decision on this proposal. The editor's reply is
    quoted as they wrote it."""
    territory = proposal.territory.title
    summary = proposal.summary()
    if proposal.status == Status.ACCEPTED:
        subject = f"Votre proposition pour {territory} a été acceptée"
        paragraphs = [
            french(
                f"Votre proposition pour {territory} (« {summary} ») a été acceptée par "
                "l’équipe du site. Elle est reprise dans un brouillon de la page du "
                "territoire, qui paraîtra après la validation éditoriale."
            )
        ]
        if proposal.reply:
            paragraphs += [french("La réponse de l’équipe du site :"), proposal.reply]
    else:
        subject = f"Votre proposition pour {territory} n’a pas été retenue"
        paragraphs = [
            french(
                f"Votre proposition pour {territory} (« {summary} ») n’a pas été retenue par "
                "l’équipe du site, pour cette raison :"
            ),
            proposal.reply,
        ]
    area = area_url()
    if area:
        paragraphs.append(
            french(
                "Vous la retrouvez, avec les autres propositions de votre équipe, dans "
                "l’espace des participants :"
            )
            + f"\n{area}propositions/#proposition-{proposal.pk}"
        )
    paragraphs.append(french("L’équipe de la formation-action « Développement économique urbain »"))
    return french(subject), "\n\n".join(["Bonjour,", *paragraphs]) + "\n"


def notify_author(proposal):
    """The decision, by e-mail, to the proposal's author alone (`may_be_told`). Returns
    whether a message went out; a mail server that fails is logged, never an error for the
    editor who decided."""
    if not may_be_told(proposal):
        return False
    subject, body = decision_message(proposal)
    try:
        send_mail(subject, body, None, [proposal.author.email])
    except Exception:
        logger.exception("Courriel de décision d’une proposition non envoyé")
        return False
    return True
