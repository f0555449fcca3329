"""Highlighted passages of a text around the words of a search: exactly the words the search
matched.

On PostgreSQL, the database's own headline function (`headlines`), with the search's own
configuration (French stemming, accents folded): « emplois » marks « emploi », « emploi » does
not mark « emplacement ». Elsewhere (SQLite, whose search has no stemming), whole words with
accents and case folded (`excerpt`).
"""

import html
import re
import unicodedata

from django.db import connection
from django.utils.safestring import mark_safe

MARK_START, MARK_END = "\x02", "\x03"
CONTEXT_BEFORE, CONTEXT_AFTER = 90, 160


def fold(text):
    """Lower case without accents; the same length as the text, character for character."""
    return "".join(
        unicodedata.normalize("NFKD", c)[0].lower() if c.isalpha() else c.lower()[:1] or c
        for c in text
    )


def _words(query):
    return [fold(w) for w in re.findall(r"\w+", query) if len(w) > 2][:10]


def excerpt(text, query, limit=200_000):
    """A passage of text around the first searched word, with every searched word marked."""
    text = " ".join((text or "")[:limit].split())
    words = _words(query)
    if not text or not words:
        return ""
    folded = fold(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
    first = pattern.search(folded)
    if first is None:
        return ""
    start = max(0, first.start() - CONTEXT_BEFORE)
    end = min(len(text), first.end() + CONTEXT_AFTER)
    # Snap to word boundaries.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > 0 else end
    parts, cursor = [], start
    for match in pattern.finditer(folded, start, end):
        parts.append(text[cursor : match.start()])
        parts.append(MARK_START + text[match.start() : match.end()] + MARK_END)
        cursor = match.end()
    parts.append(text[cursor:end])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_up(prefix + "".join(parts) + suffix)


HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def headlines(texts, query, config):
    """PostgreSQL's highlighted passages of several texts for one web-style search, in one
    query: what the search matched, as the library's documents are highlighted."""
    texts = [" ".join((text or "")[:200_000].split()) for text in texts]
    if not texts:
        return []
    columns = ", ".join(
        ["ts_headline(%s::regconfig, %s, websearch_to_tsquery(%s::regconfig, %s), %s)"] * len(texts)
    )
    params = []
    for text in texts:
        params += [config, text, config, query, HEADLINE_OPTIONS]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        row = cursor.fetchone()
    return [mark_up(passage) if passage and MARK_START in passage else "" for passage in row]


def mark_up(text):
    """Escape a passage and turn the search markers into <mark> elements."""
    out = []
    for part in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", text):
        if part.startswith(MARK_START):
            out.append(f"<mark>{html.escape(part[1:-1])}</mark>")
        else:
            out.append(html.escape(part.replace(MARK_START, "").replace(MARK_END, "")))
    return mark_safe("".join(out))
