"""/sitemap.xml: the public pages only, whoever asks."""

from wagtail.contrib.sitemaps import Sitemap

from access.visibility import anyone, visible_pages


class PublicPagesSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        if site is None:
            return []
        pages = site.root_page.get_descendants(inclusive=True)
        return (
            visible_pages(pages, anyone(self.request))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
