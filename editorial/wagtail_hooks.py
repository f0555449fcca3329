from wagtail import hooks

from editorial.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler


# After Wagtail's own registration (order 0), so that these replace its handlers.
@hooks.register("register_rich_text_features", order=10)
def register_public_link_handlers(features):
    features.register_link_type(PublicPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)
