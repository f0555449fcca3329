"""Rich-text links that never point at what a visitor may not see.

Rich text is rendered without the request, so these handlers cannot tell who reads: a link
to a restricted page or document keeps its text but loses its address, for everyone (as
Wagtail does for a deleted target). Participants find those in their own area.
"""

from django.utils.html import escape

from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from access.visibility import public_document_ids, public_page_ids


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = cls.get_many(attrs_list)
        public = public_page_ids([page.pk for page in pages if page])
        return [
            f'<a href="{escape(page.localized.url)}">' if page and page.pk in public else "<a>"
            for page in pages
        ]


class PublicDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        documents = cls.get_many(attrs_list)
        public = public_document_ids(cls.get_model(), [d.pk for d in documents if d])
        return [
            f'<a href="{escape(document.url)}">' if document and document.pk in public else "<a>"
            for document in documents
        ]
