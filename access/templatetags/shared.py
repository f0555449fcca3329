"""`{% sharedblock "name" value… %}…{% endsharedblock %}`: a part of a page rendered once per
audience and per content generation, then shared by every request of the same audience
(access.shared), as the menu and the footer are.

For a page's body: its HTML depends only on the content and on what the visibility rule lets
this audience see. The name and the values after it must say everything else it depends on
(the page's id…). Nothing in the block may depend on the user themself (their name, a form's
CSRF token, their messages, the query string): those stay outside. Without
FRAGMENT_CACHE_SECONDS, and in a preview, the block is rendered each time.
"""

from django import template
from django.utils.safestring import mark_safe

from access.shared import shared

register = template.Library()


class SharedBlockNode(template.Node):
    def __init__(self, nodelist, names):
        self.nodelist, self.names = nodelist, names

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        name = ":".join(str(part.resolve(context)) for part in self.names)
        html = shared(request, f"block:{name}", lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 (rendered by the template, which escaped it)


@register.tag
def sharedblock(parser, token):
    names = token.split_contents()[1:]
    if not names:
        raise template.TemplateSyntaxError("sharedblock demande un nom.")
    nodelist = parser.parse(("endsharedblock",))
    parser.delete_first_token()
    return SharedBlockNode(nodelist, [parser.compile_filter(name) for name in names])
