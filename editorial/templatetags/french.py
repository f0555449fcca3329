"""French typography for figures the site shows."""

from django import template

register = template.Library()

UNITS = ["octets", "Ko", "Mo", "Go"]


@register.filter
def french_filesize(size):
    """12345 → « 12 Ko », 1234567 → « 1,2 Mo » (non-breaking space before the unit)."""
    try:
        value = float(size)
    except (TypeError, ValueError):
        return ""
    unit = 0
    while value >= 1000 and unit < len(UNITS) - 1:
        value /= 1000
        unit += 1
    if unit == 0:
        text = f"{int(value)}"
    elif value < 10:
        text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    else:
        text = f"{round(value)}"
    return f"{text}\u00a0{UNITS[unit]}"


@register.filter
def pluriel(count, suffix="s"):
    """French plural: 0 and 1 take the singular (« 0 ressource », « 2 ressources »)."""
    try:
        return suffix if abs(int(count)) >= 2 else ""
    except (TypeError, ValueError):
        return ""
