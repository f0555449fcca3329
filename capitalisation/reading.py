"""The capitalisation read from the published content: the territories' key issues and actions
by theme, the editors' syntheses, the formative process's steps.

Public content only, whoever asks (`anyone`): a restricted territory's issues, a restricted
session, an unpublished theme are never read, so they cannot be shown, counted or named. The
page, the booklet and the open data all read through here.

A page's own lists (its steps and syntheses) come from the page in hand, so that a preview
shows the draft; the territories' lists come from the published territory pages (their rows
are the published version: drafts live in revisions).
"""

import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Prefetch, Q, Value
from django.db.models.functions import JSONObject

from access.visibility import PAGE_LINK_FIELDS, anyone, is_page_visible, visible_pages
from editorial.models import ExampleMarks, Theme
from sessions.models import SessionPage
from territoires.models import KeyIssue, ShortTermAction, TerritoryPage

THEME = "theme"
TERRITORY = "territoire"
STATE = "etat"
FILTERS = (THEME, TERRITORY, STATE)
# What `capitalisation()` gives the page's context.
CONTEXT_NAMES = (
    "steps",
    "themes",
    "capitalised_territories",
    "states",
    "filters",
    "unknown_filters",
    "groups",
    "counts",
    "action_states",
    "examples",
)


def filters_key(query):
    """The filters asked in the address, as one name (empty: none): what the page's shared
    body depends on besides the content ({% sharedblock %})."""
    asked = [(query.get(name) or "").strip() for name in FILTERS]
    if not any(asked):
        return ""
    return "\n".join(asked)


TERRITORY_FIELDS = [f"territory__{name}" for name in PAGE_LINK_FIELDS] + ["territory__slug"]
SESSION_FIELDS = (*PAGE_LINK_FIELDS, "number", "date", "theme", "theme_example")


def use_postgres():
    return connection.vendor == "postgresql"


def with_themes(items):
    """Each issue or action with `theme_list`, its published themes (id, name and slug
    only): in the same query on PostgreSQL (an array of JSON objects), in a second one
    elsewhere (the SQLite first run)."""
    if use_postgres():
        items = list(
            items.annotate(
                theme_rows=ArrayAgg(
                    JSONObject(id="themes__id", name="themes__name", slug="themes__slug"),
                    filter=Q(themes__live=True),
                    distinct=True,
                    default=Value([]),
                )
            )
        )
        for item in items:
            item.theme_list = [Theme(**row) for row in item.theme_rows]
        return items
    themes = Theme.objects.filter(live=True).only("name", "slug")
    items = list(items.prefetch_related(Prefetch("themes", themes)))
    for item in items:
        item.theme_list = list(item.themes.all())
    return items


def alphabetical(theme):
    """The themes' order (Theme.Meta.ordering, by name), in Python: accents fold as a French
    reader expects (« Création » before « Développement »)."""
    return unicodedata.normalize("NFKD", theme.name).encode("ascii", "ignore").decode().casefold()


def public_items(model, everyone):
    """Every issue (or action) of a public territory, with its territory's link fields, in
    the order of the territories then of the page."""
    territories = visible_pages(TerritoryPage.objects.all(), everyone).values("pk")
    items = (
        model.objects.filter(territory__in=territories)
        .select_related("territory")
        .only(
            *[f.name for f in model._meta.concrete_fields if f.name != "territory"],
            "territory",
            *TERRITORY_FIELDS,
        )
        .order_by("territory__path", "sort_order", "pk")
    )
    return with_themes(items)


@dataclass
class TerritoryGroup:
    territory: TerritoryPage
    issues: list = field(default_factory=list)
    actions: list = field(default_factory=list)


@dataclass
class ThemeGroup:
    theme: Theme | None  # None: what no theme names yet
    synthesis: object = None
    territories: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"theme-{self.theme.slug}" if self.theme else "sans-theme"


@dataclass
class Filters:
    theme: Theme | None = None
    territory: TerritoryPage | None = None
    state: str = ""
    unknown: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.theme or self.territory or self.state)


def read_filters(query, themes, territories):
    """The filters named in the address; a value that names nothing (or nothing public: the
    same answer) is dropped and said, in French."""
    filters = Filters()
    wanted = (query.get(THEME) or "").strip()
    if wanted:
        filters.theme = next((t for t in themes if t.slug == wanted), None)
        if filters.theme is None:
            filters.unknown.append(f"Aucun thème « {wanted} » : ce filtre est ignoré.")
    wanted = (query.get(TERRITORY) or "").strip()
    if wanted:
        filters.territory = next((t for t in territories if t.slug == wanted), None)
        if filters.territory is None:
            filters.unknown.append(f"Aucun territoire « {wanted} » : ce filtre est ignoré.")
    wanted = (query.get(STATE) or "").strip()
    if wanted:
        if wanted in ShortTermAction.State.values:
            filters.state = wanted
        else:
            filters.unknown.append(f"Aucun état d’action « {wanted} » : ce filtre est ignoré.")
    return filters


def group_by_theme(issues, actions, themes, syntheses, filters):
    """[ThemeGroup] in the themes' order, then what no theme names: each theme's synthesis
    and, territory by territory, the issues it names and the actions that answer them."""
    by_theme = {}

    def place(item, kind):
        for theme_id in [theme.pk for theme in item.theme_list] or [None]:
            groups = by_theme.setdefault(theme_id, {})
            group = groups.setdefault(item.territory_id, TerritoryGroup(item.territory))
            getattr(group, kind).append(item)

    for issue in issues:
        if filters.territory is None or issue.territory_id == filters.territory.pk:
            place(issue, "issues")
    for action in actions:
        in_territory = filters.territory is None or action.territory_id == filters.territory.pk
        if in_territory and (not filters.state or action.state == filters.state):
            place(action, "actions")

    result = []
    for theme in [*themes, None]:
        if filters.theme is not None and theme is not filters.theme:
            continue
        territories = list(by_theme.get(theme.pk if theme else None, {}).values())
        if filters.state:  # the issues that the chosen actions answer, no others
            territories = [group for group in territories if group.actions]
        synthesis = syntheses.get(theme.pk) if theme else None
        if territories or (synthesis and not (filters.territory or filters.state)):
            result.append(ThemeGroup(theme, synthesis, territories))
    return result


def steps_with_sessions(page, everyone):
    """The page's steps in their order, each with `public_sessions`: the sessions it names
    that anyone may see (a draft's choice included, in a preview)."""
    sessions = Prefetch("sessions", SessionPage.objects.only(*SESSION_FIELDS).order_by("number"))
    steps = list(page.steps.all().prefetch_related(sessions))
    for step in steps:
        step.public_sessions = sorted(
            (s for s in step.sessions.all() if is_page_visible(s, everyone)),
            key=lambda s: s.number,
        )
    return steps


def capitalisation(page, request):
    """Everything the capitalisation page shows, for any visitor (public content only)."""
    everyone = anyone(request)
    issues = public_items(KeyIssue, everyone)
    actions = public_items(ShortTermAction, everyone)
    # The themes read with the issues, the actions and the syntheses (a synthesis of an
    # unpublished theme waits for it); those are the groups and the filter's choices.
    syntheses = {
        s.theme_id: s for s in page.syntheses.all().select_related("theme") if s.theme.live
    }
    themes = {theme.pk: theme for item in [*issues, *actions] for theme in item.theme_list}
    themes |= {synthesis.theme.pk: synthesis.theme for synthesis in syntheses.values()}
    themes = sorted(themes.values(), key=alphabetical)
    territories = list({item.territory_id: item.territory for item in [*issues, *actions]}.values())
    filters = read_filters(request.GET, themes, territories)
    if filters.unknown and request.GET.get(THEME) and filters.theme is None:
        # Every published theme may be asked for: one nothing names yet is empty, not unknown.
        filters = read_filters(request.GET, Theme.objects.filter(live=True), territories)
        if filters.theme is not None:
            themes = sorted([*themes, filters.theme], key=alphabetical)
    groups = group_by_theme(issues, actions, themes, syntheses, filters)
    shown_issues = {id(i) for g in groups for t in g.territories for i in t.issues}
    shown_actions = {id(a) for g in groups for t in g.territories for a in t.actions}
    steps = steps_with_sessions(page, everyone)
    # One notice when everything shown is invented (the demo), else a mark on each item.
    examples = ExampleMarks([*issues, *actions, *syntheses.values(), *steps])
    for item, marked in examples.rows:
        item.marked = marked
    return {
        "steps": steps,
        "themes": themes,
        "capitalised_territories": territories,
        "states": ShortTermAction.State.choices,
        "filters": filters,
        "unknown_filters": filters.unknown,
        "groups": groups,
        "counts": {
            "issues": len(shown_issues),
            "actions": len(shown_actions),
            "territories": len({t.territory.pk for g in groups for t in g.territories}),
            "all_issues": len(issues),
            "all_actions": len(actions),
        },
        "action_states": state_counts(actions),
        "examples": examples,
    }


# « 4 en préparation », « 6 engagées »: the states' labels in the plural.
STATE_PLURALS = {
    "proposee": "proposées",
    "en_preparation": "en préparation",
    "engagee": "engagées",
    "realisee": "réalisées",
    "abandonnee": "abandonnées",
}


def state_counts(actions):
    """[(state, label as counted, count)] of the states some action has, in their order."""
    counts = dict.fromkeys(ShortTermAction.State.values, 0)
    for action in actions:
        counts[action.state] = counts.get(action.state, 0) + 1
    return [
        (
            value,
            label.lower() if counts[value] == 1 else STATE_PLURALS.get(value, label),
            counts[value],
        )
        for value, label in ShortTermAction.State.choices
        if counts[value]
    ]
