"""Rapports › Liens à vérifier: the links that pages hold (rich text, link blocks, chosen
pages and documents) whose target was deleted, is not published, or is reserved to
participants while the page that links is public (visitors then see the text without its
link).

The links are read from the pages themselves, as Wagtail's reference index reads them
(`ReferenceIndex._extract_references_from_object`, the one place that knows every field
that can hold a reference), not from the index: Wagtail removes the index's rows that point
to an object it deletes, so a link to a deleted page would never be listed."""

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


def references_of(page):
    """(content type id, object id, ReferenceIndex row describing the field) of each page and
    document this page links to, deleted or not."""
    page_type = ContentType.objects.get_for_model(Page)
    for (
        type_id,
        object_id,
        model_path,
        _content_path,
    ) in ReferenceIndex._extract_references_from_object(page):
        if not object_id.isdigit():
            continue
        row = ReferenceIndex(
            content_type_id=page.content_type_id,
            base_content_type=page_type,
            object_id=str(page.pk),
            to_content_type_id=type_id,
            to_object_id=object_id,
            model_path=model_path,
        )
        yield type_id, int(object_id), row


def links_to_check():
    """Every link of a page to a page or a document that a visitor would not follow, in the
    order of the page tree."""
    Document = get_document_model()
    page_type = ContentType.objects.get_for_model(Page).pk
    document_type = ContentType.objects.get_for_model(Document).pk
    references = [
        (source, type_id, object_id, row)
        for source in Page.objects.exclude(depth=1).order_by("path").specific()
        for type_id, object_id, row in references_of(source)
        if type_id in (page_type, document_type) and row.model_path != "alias_of"
    ]
    targets = {
        page_type: Page.objects.in_bulk({o for _s, t, o, _r in references if t == page_type}),
        document_type: Document.objects.in_bulk(
            {o for _s, t, o, _r in references if t == document_type}
        ),
    }
    everyone = anyone()
    found = []
    for source, type_id, object_id, row in references:
        is_page = type_id == page_type
        target = targets[type_id].get(object_id)
        problem = _problem(source, target, is_page, everyone)
        if problem:
            found.append(
                LinkToCheck(
                    source=source,
                    field=str(row.describe_source_field()),
                    target=str(target) if target is not None else f"n° {object_id}",
                    problem=problem,
                )
            )
    return found


def _problem(source, target, is_page, everyone):
    if target is None:
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
