"""Admin: the downloads report for editors."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet

from access.roles import ROLE_RIGHTS_HOOK, WORKFLOW_MODELS_HOOK, shared_content_rights
from access.snippets import SharedContentViewSet
from documents.models import DownloadCount, Resource, Theme


class ThemeViewSet(SharedContentViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(ThemeViewSet)


def document_permission_policy():
    return policy_registry.get_by_type(Resource)


class DownloadReportView(ReportView):
    page_title = "Téléchargements par document et par mois"
    template_name = "documents/download_report.html"  # says what is counted
    header_icon = "download"
    index_url_name = "documents_download_report"
    index_results_url_name = "documents_download_report_results"
    any_permission_required = ["add", "change"]
    model = DownloadCount
    columns = [
        Column("month_label", label="Mois"),
        Column("document", label="Document"),
        Column("count", label="Téléchargements"),
    ]
    list_export = ["month_label", "document.title", "count"]
    export_headings = {
        "month_label": "Mois",
        "document.title": "Document",
        "count": "Téléchargements",
    }

    @property
    def permission_policy(self):
        return document_permission_policy()

    def get_queryset(self):
        # An editor sees the downloads of the documents they may edit, no others.
        documents = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )
        return (
            DownloadCount.objects.filter(document__in=documents.values("pk"))
            .select_related("document")
            .order_by("-month", "-count")
        )


@hooks.register("register_admin_urls")
def register_download_report_urls():
    view = DownloadReportView.as_view()
    results = DownloadReportView.as_view(results_only=True)
    return [
        path("rapports/telechargements/", view, name="documents_download_report"),
        path(
            "rapports/telechargements/resultats/",
            results,
            name="documents_download_report_results",
        ),
    ]


class DownloadReportMenuItem(MenuItem):
    def is_shown(self, request):
        return document_permission_policy().user_has_any_permission(request.user, ["add", "change"])


@hooks.register("register_reports_menu_item")
def register_download_report_menu_item():
    return DownloadReportMenuItem(
        "Téléchargements",
        reverse("documents_download_report"),
        icon_name="download",
        order=700,
    )


@hooks.register(ROLE_RIGHTS_HOOK)
def theme_rights():
    """The themes are shown on public pages and in the library's facets (access.roles)."""
    return shared_content_rights(Theme)


@hooks.register(WORKFLOW_MODELS_HOOK)
def theme_workflow():
    """A theme's edit is a draft until the editorial workflow publishes it."""
    return [Theme]
