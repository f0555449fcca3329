"""Links to a document from the lists that show it: its page (documents.document_page), and
its download, which keeps its own address."""

from django import template

from documents.models import LibraryPage

register = template.Library()


@register.simple_tag(takes_context=True)
def document_page_url(context, document):
    """`{% document_page_url document as page_url %}`: the address of the document's page for
    this request ("" when this user may not see the library, whose route it is)."""
    request = context.get("request")
    if request is None:
        return ""
    return LibraryPage.document_page_url(document, request)
