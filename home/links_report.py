"""Rapports › Liens à vérifier: the links that pages hold (rich text, link
blocks, chosen pages and documents, read from Wagtail's reference index) whose target is not
published, or reserved to participants while the page that links is public (visitors then see
the text without its link).

A deleted target is not listed: Wagtail forgets the references to an object it deletes (and
names them in its confirmation before deleting). Finding those would mean reading every rich
text for ids that no longer exist."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from access.visibility import anyone, is_document_visible, is_page_visible


@dataclass
class LinkToCheck:
    source: Page
    field: str
    target: str
    problem: str


def links_to_check():
    """Every link of a page to a page or a document that a visitor would not follow, in the
    order of the page tree."""
    Document = get_document_model()
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(Document)
    references = list(
        ReferenceIndex.objects.filter(
            base_content_type=page_type, to_content_type__in=[page_type, document_type]
        )
    )
    sources = Page.objects.in_bulk({int(r.object_id) for r in references})
    targets = {
        page_type.pk: Page.objects.in_bulk(
            {int(r.to_object_id) for r in references if r.to_content_type_id == page_type.pk}
        ),
        document_type.pk: Document.objects.in_bulk(
            {int(r.to_object_id) for r in references if r.to_content_type_id == document_type.pk}
        ),
    }
    everyone = anyone()
    found = []
    for reference in references:
        source = sources.get(int(reference.object_id))
        if source is None:
            continue
        is_page = reference.to_content_type_id == page_type.pk
        target = targets[reference.to_content_type_id].get(int(reference.to_object_id))
        problem = _problem(source, target, is_page, everyone)
        if problem:
            found.append(
                LinkToCheck(
                    source=source,
                    field=str(reference.describe_source_field()),
                    target=str(target) if target is not None else "—",
                    problem=problem,
                )
            )
    return sorted(found, key=lambda link: (link.source.path, link.field))


def _problem(source, target, is_page, everyone):
    if target is None:  # deleted since the index was written
        return "la page liée a été supprimée" if is_page else "le document lié a été supprimé"
    if is_page and not target.live:
        return "la page liée n’est pas publiée"
    if not is_page_visible(source, everyone):
        return ""  # a reserved page's readers may follow its reserved links
    if is_page and not is_page_visible(target, everyone):
        return "la page liée est réservée aux participants : les visiteurs voient le texte sans le lien"
    if not is_page and not is_document_visible(target, everyone):
        return "le document lié est réservé aux participants : les visiteurs voient le texte sans le lien"
    return ""


class LinksReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Liens à vérifier"
    header_icon = "link"
    template_name = "admin/links_report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["links"] = [
            (link, reverse("wagtailadmin_pages:edit", args=[link.source.pk]))
            for link in links_to_check()
        ]
        return context
