"""The Atom feed of what is new on the site: public pages and public resources.

Built for anyone, whoever asks (a feed reader shares no login): a restricted page or a
document of a restricted collection is never in it.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from wagtail.models import Page, Site

from access.visibility import anyone, visible_documents, visible_pages
from documents.models import Resource
from editorial.seo import DEFAULT_DESCRIPTION, page_description
from editorial.templatetags.french import french_filesize

ITEMS = 30


class LatestFeed(Feed):
    feed_type = Atom1Feed
    title = "Développement économique urbain — nouveautés"
    subtitle = DEFAULT_DESCRIPTION
    link = "/"
    feed_url = "/flux.xml"
    author_name = "ARADEL et CR•DSU"

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Site.find_for_request(request)

    def items(self, site):
        everyone = anyone(self.request)
        pages = Page.objects.none()
        if site is not None:
            pages = site.root_page.get_descendants(inclusive=True)
        pages = list(
            visible_pages(pages, everyone)
            .exclude(first_published_at=None)
            .order_by("-first_published_at")
            .specific()[:ITEMS]
        )
        documents = list(
            visible_documents(Resource.objects.all(), everyone).order_by("-created_at", "-pk")[
                :ITEMS
            ]
        )
        merged = sorted(pages + documents, key=self.item_pubdate, reverse=True)
        return merged[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        if isinstance(item, Resource):
            return item.url
        return item.get_url(self.request)

    def item_guid(self, item):
        kind = "document" if isinstance(item, Resource) else "page"
        return self.request.build_absolute_uri(f"/#{kind}-{item.pk}")

    item_guid_is_permalink = False

    def item_description(self, item):
        if isinstance(item, Resource):
            size = french_filesize(item.file_size) if item.file_size else ""
            details = ", ".join(
                part for part in [item.get_kind_display(), item.format_label, size] if part
            )
            return f"{item.description} ({details})" if item.description else details
        return page_description(item)

    def item_pubdate(self, item):
        if isinstance(item, Resource):
            return item.created_at
        return item.first_published_at

    def item_updateddate(self, item):
        if isinstance(item, Resource):
            return item.created_at
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        if isinstance(item, Resource):
            return item.authors or None
        return None
