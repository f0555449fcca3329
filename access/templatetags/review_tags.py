from django import template

from access.review import comparison_link

register = template.Library()


@register.simple_tag
def review_comparison(obj, revision):
    """(url, label) of the comparison a reviewer starts with (access.review), or None."""
    if obj is None or revision is None:
        return None
    return comparison_link(obj, revision)
