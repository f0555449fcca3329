"""What search engines and sharing services read of a page: description, canonical address,
Open Graph, schema.org data. Pages may say more with a `structured_data(request)` method."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

SITE_NAME = "Développement économique urbain"
DEFAULT_DESCRIPTION = (
    "Formation-action « Développement économique urbain » (2014), conduite par ARADEL et le "
    "CR•DSU avec huit territoires volontaires de Rhône-Alpes : séances, territoires, enjeux "
    "clés, actions et ressources de la capitalisation."
)
DESCRIPTION_LENGTH = 160
# Fields that sum a page up, in order of preference.
SUMMARY_FIELDS = ("search_description", "lead", "summary", "intro")


def page_description(page):
    """One or two sentences about this page, for search results and shared links.

    A page with nothing to say of itself gets its title before the site's description, so
    no two pages share a description. Text marked « Contenu d’exemple » (a page's
    `example_fields`) is not a description: search engines and feed readers show no badge.
    """
    invented = getattr(page, "example_fields", ())
    for name in SUMMARY_FIELDS:
        if name in invented:
            continue
        value = strip_tags(str(getattr(page, name, "") or ""))
        value = " ".join(value.split())
        if value:
            return Truncator(value).chars(DESCRIPTION_LENGTH)
    if page is None or page.is_root() or page.depth <= 2:
        return DEFAULT_DESCRIPTION
    return Truncator(f"{page.title}. {DEFAULT_DESCRIPTION}").chars(DESCRIPTION_LENGTH)


def json_ld(data):
    """A schema.org object in a script element, safe from a "</script>" inside a value."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
