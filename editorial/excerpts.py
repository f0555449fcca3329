"""Search excerpts: the sentences around the first word a search matched, that word marked.

Which words match is the search's own rule. On PostgreSQL, the database's headline function
with the search's configuration (French stemming, accents folded) marks them: « emplois »
marks « emploi », « emploi » does not mark « emplacement » (`headlines` for pages, the
library's own headline for documents). Elsewhere (SQLite, whose search has no stemming),
the words and their plurals, accents and case folded (`excerpt`).

Then one rule cuts the passage (`passage`): the sentence that holds the first marked word,
with the next ones (then the previous ones) while they fit; a sentence too long for the
excerpt is cut to its clauses around the word. One ellipsis stands where a sentence is cut,
none around whole sentences. A text is a run of phrases: its lines (a paragraph, a list item,
a row of a programme) are never run together.
"""

import html
import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Aggregate, CharField, Value
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText
from wagtail.search import index

MARK_START, MARK_END = "\x02", "\x03"
# The excerpt's length, in characters: about three lines of a result.
BUDGET = 260
ELLIPSIS = "…"
MAX_TEXT_CHARS = 200_000
SENTENCE_END = re.compile(r"[.!?…]+[»)\"]?\s+")
CLAUSE_END = re.compile(r"(?:[,;:]|\s[—–])\s+")
WORD = re.compile(r"\w+")


# Folding: what SQLite compares (documents.sqlite_functions) and what `excerpt` marks.


@lru_cache(maxsize=4096)
def _fold_char(c):
    return unicodedata.normalize("NFKD", c)[0].lower() if c.isalpha() else c.lower()[:1] or c


def fold(text):
    """Lower case without accents; the same length as the text, character for character
    (« Vénissieux » → « venissieux »)."""
    return "".join(map(_fold_char, text))


def search_words(query):
    """The words of a search (letters and digits), as the search backends are given them:
    punctuation alone (« '";-- ») is no search."""
    return WORD.findall(query or "")


def _words(query):
    return [fold(w) for w in search_words(query) if len(w) > 2][:10]


# Texts as phrases


def html_text(source):
    """The text of rich text, one line per paragraph, heading or list item."""
    source = re.sub(r"(</(p|h\d|li|blockquote)>|<(br|hr)\s*/?>)", r"\1\n", source or "", flags=re.I)
    return html.unescape(strip_tags(source))


def lines(text):
    """A text as its lines, spaces collapsed. A blank line, or a line break after a sentence's
    end or before a capital, a digit or a bullet, begins a line; another line break is a line
    wrapped (in the text of a PDF) and reads as a space."""
    found = []
    for paragraph in re.split(r"\n[^\S\n]*\n", text or ""):  # a blank line: always a break
        paragraph = re.sub(r"[^\S\n]*\n\s*(?=\x02?[^\w\s]*[A-ZÀ-ÖØ-Þ0-9•])", "\x1e", paragraph)
        paragraph = re.sub(r"(?<=[.!?:;…»])[^\S\n]*\n\s*", "\x1e", paragraph)
        found += [" ".join(line.split()) for line in paragraph.split("\x1e") if line.strip()]
    return found


def _bounds(line, pattern):
    """The spans of the line's sentences (or clauses): each ends after its punctuation."""
    spans, start = [], 0
    for end in pattern.finditer(line):
        following = line[end.end() : end.end() + 2].lstrip(MARK_START)
        if pattern is SENTENCE_END and not (following[:1].isupper() or following[:1].isdigit()):
            continue  # « dév. éco », « 2 km. de »: not a sentence's end
        spans.append((start, end.end()))
        start = end.end()
    if start < len(line):
        spans.append((start, len(line)))
    return spans


def _plain_length(text):
    return len(text) - text.count(MARK_START) - text.count(MARK_END)


def _grow(spans, index, line, budget):
    """The spans around spans[index] that fit the budget: the next one, then the previous one,
    in turn."""
    first = last = index
    grown = True
    while grown:
        grown = False
        if (
            last + 1 < len(spans)
            and _plain_length(line[spans[first][0] : spans[last + 1][1]]) <= budget
        ):
            last, grown = last + 1, True
        if first > 0 and _plain_length(line[spans[first - 1][0] : spans[last][1]]) <= budget:
            first, grown = first - 1, True
    return spans[first][0], spans[last][1]


def _cut_words(line, at, budget):
    """A window of whole words around position `at` when even a clause is too long."""
    start = max(0, at - budget // 3)
    end = min(len(line), start + budget)
    if start > 0:
        space = line.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    if end < len(line):
        space = line.rfind(" ", at, end)
        end = space if space > at else end
    return start, end


def passage(marked, budget=BUDGET, fragment=False):
    """The excerpt of a text whose matched words are between MARK_START and MARK_END: the
    sentences around the first one, marked up (HTML); "" when nothing is marked.

    `fragment`: the text is itself a window of a longer text (PostgreSQL's headline of a
    document): where it does not start or end a sentence, it was cut there."""
    for line in lines(marked):
        at = line.find(MARK_START)
        if at >= 0:
            break
    else:
        return ""
    sentences = _bounds(line, SENTENCE_END)
    index = next(i for i, (a, b) in enumerate(sentences) if a <= at < b)
    a, b = sentences[index]
    if _plain_length(line[a:b]) <= budget:
        start, end = _grow(sentences, index, line, budget)
    else:
        clauses = [(a + x, a + y) for x, y in _bounds(line[a:b], CLAUSE_END)]
        index = next(i for i, (x, y) in enumerate(clauses) if x <= at < y)
        start, end = _grow(clauses, index, line, budget)
        if _plain_length(line[start:end]) > budget:
            start, end = _cut_words(line, at, budget)
    text = line[start:end].strip()
    cut_before = start > 0 and not any(start == s for s, _ in sentences)
    cut_after = end < len(line) and not any(end == e for _, e in sentences)
    if fragment:
        first = text.lstrip(MARK_START + "«\"'(")[:1]
        cut_before = cut_before or (start == 0 and not (first.isupper() or first.isdigit()))
        cut_after = cut_after or (end == len(line) and not re.search(r"[.!?…»)]$", text))
    if cut_before:
        text = f"{ELLIPSIS} {text}"
    if cut_after:
        text = f"{text.rstrip(',;:—– ')} {ELLIPSIS}"
    return mark_up(text)


# Marking the words a search matched


def mark_words(text, query, limit=MAX_TEXT_CHARS):
    """The text with every searched word marked, accents and case folded (SQLite's search
    has no stemming)."""
    text = (text or "")[:limit]
    words = _words(query)
    if not text or not words:
        return text
    # A searched word and its plural or feminine (« commerce » marks « commerces »): what a
    # French stemmer would match, near enough, and never a longer word (« emplacement »).
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w{0,2}\b")
    parts, cursor = [], 0
    for match in pattern.finditer(fold(text)):
        parts += [text[cursor : match.start()], MARK_START, text[match.start() : match.end()]]
        parts.append(MARK_END)
        cursor = match.end()
    parts.append(text[cursor:])
    return "".join(parts)


def excerpt(text, query):
    """The excerpt of a text for a search, without the database (SQLite)."""
    return passage(mark_words(text, query))


HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


def headlines(texts, query, config):
    """The excerpts of several texts (a page of results) for one web-style search, marked by
    PostgreSQL as it matched them, in one query. The texts are short (a page's fields): the
    headline function marks them whole, and `passage` cuts them."""
    texts = [(text or "")[:MAX_TEXT_CHARS].replace("\x00", "") for text in texts]
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
    return [passage(marked or "") for marked in row]


def mark_up(text):
    """Escape a passage and turn the search markers into <mark> elements."""
    out = []
    for part in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", text):
        if part.startswith(MARK_START):
            out.append(f"<mark>{html.escape(part[1:-1])}</mark>")
        else:
            out.append(html.escape(part.replace(MARK_START, "").replace(MARK_END, "")))
    return mark_safe("".join(out))


class JoinedRows(Aggregate):
    """A group's texts as one, joined by a separator (PostgreSQL's string_agg, SQLite's
    group_concat): the text of a page's related rows (a territory's issues) read with the
    page itself."""

    function = "STRING_AGG"
    arity = 2
    output_field = CharField()

    def __init__(self, expression, separator, **extra):
        super().__init__(expression, Value(separator), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


# What a page's excerpt may quote


def _value_lines(value):
    """A field's value as lines: each paragraph of rich text, each block of a stream (a block
    whose value has a `search_phrase` gives that phrase: a programme's row), each text apart."""
    if value is None:
        return []
    if isinstance(value, StreamValue):
        found = []
        for child in value:
            phrase = getattr(child.value, "search_phrase", None)
            if phrase is not None:
                found.append(phrase)
            elif isinstance(child.value, RichText):
                found.append(html_text(child.value.source))
            else:
                found += [str(text) for text in child.block.get_searchable_content(child.value)]
        return found
    if isinstance(value, RichText):
        return [html_text(value.source)]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def page_text(page, skip=("title",)):
    """The text a search excerpt quotes from a page: its indexed fields (the title aside: the
    result shows it), in the order of its search fields, a line each; a page type adds more
    with `search_excerpt_lines()` (a territory: its issues and actions)."""
    found = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name in skip:
            continue
        value = getattr(page, search_field.field_name, None)
        if callable(value):
            value = value()
        try:
            field = page._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            field = None
        if isinstance(field, RichTextField) and isinstance(value, str):
            value = RichText(value)
        found += _value_lines(value)
    more = getattr(page, "search_excerpt_lines", None)
    if more is not None:
        found += more()
    return "\n\n".join(line.strip() for line in found if line and line.strip())
