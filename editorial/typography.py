"""French typography for text written in code (demo content, messages)."""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? and inside « »

_RULES = [
    (re.compile(r"'"), "’"),
    (re.compile(r" :(?=\s|$|<)"), f"{NBSP}:"),
    (re.compile(r" ([;!?])"), rf"{NNBSP}\1"),
    (re.compile(r"« "), f"«{NNBSP}"),
    (re.compile(r" »"), f"{NNBSP}»"),
]


def french(text):
    """Apostrophes and non-breaking spaces before : ; ! ? and inside « ».

    Only for text and for HTML whose attributes use double quotes.
    """
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
