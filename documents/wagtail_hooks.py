"""Admin: the downloads report for editors (registered here, written in
documents.downloads_report); the review of documents (documents.release): the « Documents à
valider » panel, the release view and bulk action, the guard on moving documents into a public
collection; the participants' deposits in that panel, and their report (documents.deposit_admin).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.documents.views.bulk_actions.document_bulk_action import DocumentBulkAction

from access.roles import (
    ADMINISTRATORS_GROUP,
    PUBLISHERS_GROUP,
    REVIEWERS_GROUP,
    ROLE_RIGHTS_HOOK,
    model_permissions,
)
from access.visibility import group_restricted_collections, is_staff_member

# The document listing, its bulk actions and the chooser's search register their hooks in
# their own module, imported here: Wagtail imports only this one.
from documents import deposit_admin
from documents.admin_listing import ListingSelectionMixin
from documents.deposits import MODERATE_PERMISSION, can_moderate, pending_deposits
from documents.downloads_report import DownloadsReportMenuItem, DownloadsReportView
from documents.models import LicenceSettings, Resource
from documents.release import RELEASE_PERMISSION, can_release, release, waiting_documents


@hooks.register("register_admin_urls")
def register_download_report_urls():
    return [
        path(
            "rapports/telechargements/",
            DownloadsReportView.as_view(),
            name="documents_download_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_download_report_menu_item():
    return DownloadsReportMenuItem(
        "Téléchargements",
        reverse("documents_download_report"),
        icon_name="download",
        order=700,
    )


@hooks.register(ROLE_RIGHTS_HOOK)
def licence_rights():
    """The documents' default licence (Réglages › Licence des documents) is the publishers'
    choice, and the administrators'."""
    change = model_permissions(LicenceSettings, ["change"])
    return {PUBLISHERS_GROUP: change, ADMINISTRATORS_GROUP: change}


# The review of documents (documents.release).
@hooks.register(ROLE_RIGHTS_HOOK)
def release_rights():
    """Publishers and administrators release documents; editors and reviewers do not."""
    return {PUBLISHERS_GROUP: [RELEASE_PERMISSION], ADMINISTRATORS_GROUP: [RELEASE_PERMISSION]}


def _announce(request, released, problems):
    if released:
        count = len(released)
        messages.success(
            request,
            f"{count} document{'s' if count > 1 else ''} validé{'s' if count > 1 else ''} : "
            "visible" + ("s" if count > 1 else "") + " hors de l’équipe selon leur collection.",
        )
    for problem in problems:
        messages.error(request, problem)


@require_POST
def release_view(request):
    """From the « Documents à valider » panel: the ticked documents, or the one whose button
    was pressed (`un_seul`)."""
    if not can_release(request.user):
        raise PermissionDenied
    ids = (
        [request.POST["un_seul"]]
        if request.POST.get("un_seul")
        else request.POST.getlist("document")
    )
    ids = [value for value in ids if value.isdigit()]
    documents = list(waiting_documents().filter(pk__in=ids).order_by("title"))
    if not documents:
        messages.warning(request, "Aucun document en attente n’a été choisi : rien n’a changé.")
    else:
        _announce(request, *release(documents, request.user))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)


@hooks.register("register_admin_urls")
def register_release_urls():
    return [path("documents-a-valider/valider/", release_view, name="documents_release")]


# The participants' deposits (documents.deposits, documents.deposit_admin).
@hooks.register(ROLE_RIGHTS_HOOK)
def deposit_rights():
    """Reviewers, publishers and administrators accept or refuse the participants' deposits:
    accepted, a deposit is released in the participants' collection only."""
    return {
        REVIEWERS_GROUP: [MODERATE_PERMISSION],
        PUBLISHERS_GROUP: [MODERATE_PERMISSION],
        ADMINISTRATORS_GROUP: [MODERATE_PERMISSION],
    }


@hooks.register("register_admin_urls")
def register_deposit_urls():
    return [
        path(
            "depots/<int:pk>/accepter/",
            deposit_admin.accept_view,
            name="documents_deposit_accept",
        ),
        path(
            "depots/<int:pk>/refuser/", deposit_admin.refuse_view, name="documents_deposit_refuse"
        ),
        path(
            "rapports/depots/",
            deposit_admin.DepositsReportView.as_view(),
            name="documents_deposits_report",
        ),
        path(
            "rapports/depots/quota/<str:kind>/<int:pk>/",
            deposit_admin.quota_view,
            name="documents_deposit_quota",
        ),
        path(
            "rapports/depots/acces/<int:pk>/retirer/",
            deposit_admin.remove_access_view,
            name="documents_deposit_remove_access",
        ),
    ]


class DepositsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


@hooks.register("register_reports_menu_item")
def register_deposits_report_menu_item():
    return DepositsReportMenuItem(
        "Dépôts des participants",
        reverse("documents_deposits_report"),
        icon_name="doc-full",
        order=710,
    )


class WaitingDocumentsPanel(Component):
    """« Documents à valider »: for publishers (who release here) and reviewers (who read)."""

    name = "documents_a_valider"
    order = 90
    template_name = "documents/admin/waiting_panel.html"
    shown = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = waiting_documents().select_related("collection", "uploaded_by_user")
        documents = list(waiting.order_by("-created_at", "-pk")[: self.shown])
        total = len(documents) if len(documents) < self.shown else waiting.count()
        deposits = list(
            pending_deposits()
            .select_related("document", "depositor", "territory")
            .defer("document__extracted_text", "document__search_vector")
            .order_by("deposited_at", "pk")[: self.shown]
        )
        context.update(
            deposits=deposits,
            can_moderate=can_moderate(self.user),
            request=parent_context.get("request"),
            # A Component renders without the request's context processors: its form needs
            # the page's CSRF token, or every « Valider » is refused.
            csrf_token=parent_context.get("csrf_token"),
            documents=documents,
            more=total - len(documents),
            can_release=can_release(self.user),
        )
        return context


@hooks.register("construct_homepage_panels")
def add_waiting_documents_panel(request, panels):
    if can_release(request.user) or can_moderate(request.user) or is_staff_member(request):
        panels.append(WaitingDocumentsPanel(request.user))


class ReleaseBulkAction(ListingSelectionMixin, DocumentBulkAction):
    display_name = "Valider"
    action_type = "valider"
    aria_label = "Valider la publication des documents choisis"
    template_name = "documents/admin/confirm_bulk_release.html"
    action_priority = 5

    def check_perm(self, document):
        return can_release(self.request.user)

    def get_execution_context(self):
        return {"user": self.request.user, "request": self.request}

    @classmethod
    def execute_action(cls, objects, user=None, request=None, **kwargs):
        if not objects:
            return 0, 0
        released, problems = release(objects, user)
        for problem in problems:
            messages.error(request, problem)
        return len(released), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        count = num_parent_objects
        return f"{count} document{'s' if count > 1 else ''} validé{'s' if count > 1 else ''}."


hooks.register("register_bulk_action", ReleaseBulkAction)


@hooks.register("before_bulk_action")
def keep_editors_out_of_public_collections(request, action_type, objects, action):
    """Wagtail's « add to collection » moves documents with an UPDATE, past the form: an
    editor may move them only into a collection restricted to groups (documents.release)."""
    if action_type != "add_to_collection" or action.model is not Resource:
        return None
    if can_release(request.user):
        return None
    collection = action.cleaned_form.cleaned_data["collection"]
    if not group_restricted_collections().filter(pk=collection.pk).exists():
        messages.error(
            request,
            f"Rien n’a été déplacé : « {collection.name} » est une collection publique (ou la "
            "racine). Seul un responsable de publication y range des documents.",
        )
        return redirect(action.next_url)
    return None
