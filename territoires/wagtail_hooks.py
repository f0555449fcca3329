"""The territories' proposals in the admin: the editors' task list (« Propositions des
territoires », in the menu and on the dashboard), where each proposal is accepted into a
draft of its territory page or refused with a reason (territoires.proposals)."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from access.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    ROLE_RIGHTS_HOOK,
    model_permissions,
)
from editorial.typography import french
from territoires import proposals
from territoires.models import TerritoryProposal

PANEL_ROWS = 5


class ProposalPermissionPolicy(ModelPermissionPolicy):
    """Proposals are written by the teams and decided by the staff: no one adds one in the
    admin, and no one deletes one (the territory's history of its proposals)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(
    TerritoryProposal, ProposalPermissionPolicy(TerritoryProposal), exact_class=True
)


class DecideView(EditView):
    """The proposal, what it changes, and two buttons: accept (a draft of the territory
    page, opened next for the editor to check and submit) or refuse (with a reason)."""

    template_name = "territoires/decide_proposal.html"
    actions = ["accepter", "refuser"]
    page_title = "Décider"

    def get_page_subtitle(self):
        return self.object.summary()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        context["proposal"] = proposal
        context["pending"] = proposal.status == TerritoryProposal.Status.PENDING
        context["current"] = current_item(proposal)
        context["territory_edit_url"] = reverse(
            "wagtailadmin_pages:edit", args=(proposal.territory_id,)
        )
        return context

    def form_valid(self, form):
        self.form = form
        reply = form.cleaned_data.get("reply", "")
        try:
            if self.action == "accepter":
                proposals.accept(self.object, self.request.user, reply)
            elif self.action == "refuser":
                proposals.refuse(self.object, self.request.user, reply)
            else:
                raise proposals.ProposalError("Choisissez : accepter ou refuser la proposition.")
        except proposals.ProposalError as error:
            messages.error(self.request, str(error))
            self.object.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form))
        told = (
            " Son auteur en est informé par courriel."
            if proposals.may_be_told(self.object)
            else " Son auteur n’est plus participant de ce territoire (ou n’a pas d’adresse) : "
            "il n’en est pas informé."
        )
        if self.action == "refuser":
            messages.success(
                self.request,
                french(
                    "Proposition refusée : l’équipe lit votre raison dans l’espace des "
                    "participants." + told
                ),
            )
            return redirect(self.index_url_name)
        messages.success(
            self.request,
            french(
                "Proposition acceptée : la voici dans un brouillon de la page du territoire. "
                "Vérifiez-le, puis soumettez-le à la validation ; rien n’est publié sans elle."
                + told
            ),
        )
        return redirect("wagtailadmin_pages:edit", self.object.territory_id)


def current_item(proposal):
    """The issue or action a proposal is about, as published (None for an addition, or if it
    went)."""
    if not proposal.targets_an_item:
        return None
    items = proposal.territory.key_issues if proposal.is_about_issue else proposal.territory.actions
    return items.filter(pk=proposal.target_id).first()


class ProposalViewSet(ModelViewSet):
    model = TerritoryProposal
    icon = "comment"
    menu_label = "Propositions des territoires"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "propositions-territoires"
    form_fields = ["reply"]
    edit_view_class = DecideView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["summary", "territory", "author_name", "created_at", "status"]
    list_filter = ["status", "territory"]
    search_fields = ["title", "description", "target_title", "comment"]


proposal_viewset = ProposalViewSet("territory_proposals")


@hooks.register("register_admin_viewset")
def register_proposals():
    return proposal_viewset


@hooks.register(ROLE_RIGHTS_HOOK)
def proposal_rights():
    """The editors decide (they write the territory pages, and the draft then goes through
    the reviewers and publishers as usual); reviewers read them."""
    decide = model_permissions(TerritoryProposal, ["change", "view"])
    return {
        EDITORS_GROUP: decide,
        REVIEWERS_GROUP: model_permissions(TerritoryProposal, ["view"]),
        PUBLISHERS_GROUP: decide,
        ADMINISTRATORS_GROUP: decide,
    }


@hooks.register("register_log_actions")
def proposal_log_actions(actions):
    @actions.register_action(proposals.ACCEPTED_LOG_ACTION)
    class ProposalAccepted(LogFormatter):
        label = "Proposition d’un territoire acceptée"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            by = f" ({data['author']})" if data.get("author") else ""
            return french(
                f"Brouillon tiré de la proposition de l’équipe de {data.get('territory', '')}"
                f"{by} : {data.get('summary', '')}"
            )

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")


class ProposalsPanel(Component):
    """The editors' task: the proposals waiting for a decision, the oldest first."""

    name = "propositions_des_territoires"
    order = 220
    template_name = "territoires/proposals_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = TerritoryProposal.objects.filter(
            status=TerritoryProposal.Status.PENDING
        ).select_related("territory")
        rows = list(waiting.order_by("created_at", "pk")[: PANEL_ROWS + 1])
        context["rows"] = [
            (proposal, reverse(proposal_viewset.get_url_name("edit"), args=(quote(proposal.pk),)))
            for proposal in rows[:PANEL_ROWS]
        ]
        context["total"] = waiting.count() if len(rows) > PANEL_ROWS else len(rows)
        context["index_url"] = reverse(proposal_viewset.get_url_name("index"))
        return context


@hooks.register("construct_homepage_panels")
def proposals_panel(request, panels):
    if proposal_viewset.permission_policy.user_has_permission(request.user, "change"):
        panels.append(ProposalsPanel(request.user))
