from django import template
from django.core.exceptions import DisallowedHost
from django.templatetags.static import static

from access.shared import shared
from editorial.seo import SITE_NAME, json_ld, page_description

register = template.Library()


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """Description, canonical address, Open Graph and schema.org data of the current page."""
    request = context.get("request")
    page = context.get("page")
    data = {"site_name": SITE_NAME, "description": page_description(page)}
    try:
        # A 400 page for a forged Host header is rendered too: no address can be built then.
        request and request.get_host()
    except DisallowedHost:
        request = None
    if request is None:
        return data
    data["image"] = request.build_absolute_uri(static("img/partage.png"))
    if page is not None and hasattr(page, "get_full_url"):
        # The same for every request of an audience to this site until the content changes
        # (access.shared): its schema.org data may read other things (the partners).
        site = f"{request.scheme}://{request.get_host()}"
        data.update(shared(request, f"page-meta:{site}:{page.pk}", lambda: _about(page, request)))
    return data


def _about(page, request):
    """The page's own address (without any query string: pages of a listing, a search), its
    title, its kind and its schema.org data."""
    data = {
        "canonical": page.get_full_url(request),
        "title": page.seo_title or page.title,
        "type": "website" if page.depth <= 2 else "article",
    }
    structured = getattr(page.specific, "structured_data", None)
    if structured is not None:
        data["structured_data"] = json_ld(structured(request))
    return data
