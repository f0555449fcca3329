"""The staff's side of the participants' deposits (documents.deposits), in the admin:

- accept or refuse a deposit (from the « Documents à valider » panel, documents.wagtail_hooks):
  reviewers, publishers and administrators (`can_moderate`);
- « Dépôts des participants » (Rapports): per territory, who deposited what and when, in what
  state, the team's proposals (territoires.proposals) and their outcome, and the quotas used;
  there the administrators (who manage accounts) lift a quota and remove a participant's
  access in one place. A removed participant's deposits stay with their territory.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from access.roles import PARTICIPANTS_GROUP
from documents import deposits
from documents.forms import QuotaForm, RefusalForm
from documents.models import Deposit, DepositQuota
from territoires.models import TerritoryPage, TerritoryProposal

ACCOUNTS_PERMISSION = "people.change_user"
# Those who read the proposals in the admin read them here too (territoires.wagtail_hooks).
PROPOSALS_PERMISSION = "territoires.view_territoryproposal"


def can_manage_accounts(user):
    return bool(user and user.is_authenticated and user.has_perm(ACCOUNTS_PERMISSION))


def _next(request, default):
    next_url = request.POST.get("next", "") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return default
    return next_url


def _decided(request, record, problem, verb):
    if problem:
        messages.error(request, problem)
        return
    record.refresh_from_db()
    told = deposits.may_be_told(record.depositor)
    messages.success(
        request,
        f"« {record.document.title} » est {verb}."
        + (
            " Son auteur en est informé par courriel."
            if told
            else " Son auteur n’est plus participant (ou n’a pas d’adresse) : il n’en est pas "
            "informé."
        ),
    )


@require_POST
def accept_view(request, pk):
    if not deposits.can_moderate(request.user):
        raise PermissionDenied
    record = get_object_or_404(Deposit.objects.select_related("document"), pk=pk)
    problem = deposits.accept(record, request.user)
    _decided(request, record, problem, "accepté : les participants le voient")
    return redirect(_next(request, reverse("wagtailadmin_home")))


def refuse_view(request, pk):
    """The reason first (required), then the refusal."""
    if not deposits.can_moderate(request.user):
        raise PermissionDenied
    record = get_object_or_404(
        Deposit.objects.select_related("document", "depositor", "territory"), pk=pk
    )
    back = _next(request, reverse("wagtailadmin_home"))
    if not record.is_pending:
        messages.warning(
            request,
            deposits.ALREADY_DECIDED.format(
                title=record.document.title, state=record.get_state_display().lower()
            ),
        )
        return redirect(back)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = deposits.refuse(record, request.user, form.cleaned_data["reason"])
        _decided(request, record, problem, "refusé")
        return redirect(back)
    return TemplateResponse(
        request,
        "documents/admin/refuse_deposit.html",
        {"deposit": record, "form": form, "next": back, "header_icon": "doc-full"},
    )


class DepositsReportView(WagtailAdminTemplateMixin, TemplateView):
    """Per territory: its deposits (who, what, when, state), its team's proposals and their
    outcome, and its quota; per participant of its team: their quota, and what an
    administrator may do about their access."""

    page_title = "Dépôts des participants"
    header_icon = "doc-full"
    template_name = "documents/admin/deposits_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not deposits.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_read_proposals = self.request.user.has_perm(PROPOSALS_PERMISSION)
        context.update(
            territories=territory_rows(with_proposals=may_read_proposals),
            may_read_proposals=may_read_proposals,
            orphans=list(
                Deposit.objects.filter(territory__isnull=True)
                .select_related("document", "depositor")
                .order_by("-deposited_at")
            ),
            may_manage=can_manage_accounts(self.request.user),
            default_participant_mb=settings.DEPOSIT_QUOTA_PER_PARTICIPANT_MB,
            default_territory_mb=settings.DEPOSIT_QUOTA_PER_TERRITORY_MB,
        )
        return context


def territory_rows(with_proposals=False):
    """[{territory, quota, deposits, proposals, people}] for every territory (the staff see
    them all), in a fixed number of queries; the proposals only when asked."""
    User = get_user_model()
    territories = list(TerritoryPage.objects.order_by("title"))
    records = list(
        Deposit.objects.select_related("document", "depositor")
        .defer("document__extracted_text", "document__search_vector")
        .order_by("-deposited_at")
    )
    used_by_territory = dict(
        Deposit.objects.values_list("territory").annotate(total=Sum("document__file_size"))
    )
    used_by_user = dict(
        Deposit.objects.values_list("depositor").annotate(total=Sum("document__file_size"))
    )
    overrides_user = dict(
        DepositQuota.objects.filter(user__isnull=False).values_list("user", "megabytes")
    )
    overrides_territory = dict(
        DepositQuota.objects.filter(territory__isnull=False).values_list("territory", "megabytes")
    )
    participants = set(
        Group.objects.get_or_create(name=PARTICIPANTS_GROUP)[0].user_set.values_list(
            "pk", flat=True
        )
    )
    # The team members with an account, and anyone who deposited for the territory.
    team_users = {}
    members = User.objects.filter(person__territory_teams__territory__in=territories).values_list(
        "pk", "person__territory_teams__territory"
    )
    for user_pk, territory_pk in members:
        team_users.setdefault(territory_pk, set()).add(user_pk)
    for record in records:
        if record.depositor_id and record.territory_id:
            team_users.setdefault(record.territory_id, set()).add(record.depositor_id)
    users = User.objects.in_bulk({pk for pks in team_users.values() for pk in pks})
    proposals = []
    if with_proposals:
        proposals = list(
            TerritoryProposal.objects.select_related("territory", "decided_by").order_by(
                "-created_at", "-pk"
            )
        )
        for proposal in proposals:
            proposal.admin_url = reverse("territory_proposals:edit", args=[proposal.pk])
            decider = proposal.decided_by
            proposal.decider_name = (
                (decider.get_full_name() or decider.get_username())
                if decider
                else "compte supprimé"
            )
    rows = []
    for territory in territories:
        limit = overrides_territory.get(territory.pk) or (settings.DEPOSIT_QUOTA_PER_TERRITORY_MB)
        people = []
        for user_pk in sorted(
            team_users.get(territory.pk, ()), key=lambda pk: users[pk].get_full_name()
        ):
            user = users[user_pk]
            user_limit = overrides_user.get(user_pk) or (settings.DEPOSIT_QUOTA_PER_PARTICIPANT_MB)
            people.append(
                {
                    "user": user,
                    "participant": user_pk in participants and user.is_active,
                    "quota": deposits.Quota(
                        used=used_by_user.get(user_pk) or 0, limit=user_limit * deposits.MB
                    ),
                    "lifted": user_pk in overrides_user,
                }
            )
        rows.append(
            {
                "territory": territory,
                "quota": deposits.Quota(
                    used=used_by_territory.get(territory.pk) or 0, limit=limit * deposits.MB
                ),
                "lifted": territory.pk in overrides_territory,
                "deposits": [r for r in records if r.territory_id == territory.pk],
                "proposals": [p for p in proposals if p.territory_id == territory.pk],
                "proposals_waiting": sum(
                    p.territory_id == territory.pk and p.status == TerritoryProposal.Status.PENDING
                    for p in proposals
                ),
                "people": people,
            }
        )
    return rows


def _report():
    return reverse("documents_deposits_report")


@require_POST
def quota_view(request, kind, pk):
    """An administrator lifts (or puts back) the quota of one participant or one territory."""
    if not can_manage_accounts(request.user):
        raise PermissionDenied
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Quota non modifié : " + " ".join(form.errors["megabytes"]))
        return redirect(_report())
    value = form.cleaned_data["megabytes"]
    if kind == "participant":
        owner = get_object_or_404(get_user_model(), pk=pk)
        deposits.set_quota(user=owner, megabytes_value=value)
        name = owner.get_full_name() or owner.get_username()
    else:
        owner = get_object_or_404(TerritoryPage, pk=pk)
        deposits.set_quota(territory=owner, megabytes_value=value)
        name = owner.title
    messages.success(
        request,
        f"Quota de {name} : {value} Mo." if value else f"Quota de {name} : celui par défaut.",
    )
    return redirect(_report())


@require_POST
def remove_access_view(request, pk):
    """An administrator removes a participant's access: out of the « Participants » group,
    and, if asked, the account deactivated. Their deposits stay with their territory."""
    if not can_manage_accounts(request.user):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser or user.pk == request.user.pk:
        messages.error(request, "Ce compte ne peut pas perdre son accès d’ici.")
        return redirect(_report())
    user.groups.remove(*Group.objects.filter(name=PARTICIPANTS_GROUP))
    deactivated = request.POST.get("desactiver") == "1"
    if deactivated:
        user.is_active = False
        user.save(update_fields=["is_active"])
    name = user.get_full_name() or user.get_username()
    messages.success(
        request,
        f"{name} n’a plus accès à l’espace des participants"
        + (" ; son compte est désactivé" if deactivated else "")
        + ". Ses dépôts restent à son territoire.",
    )
    return redirect(_report())
