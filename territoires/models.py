"""The eight volunteer territories: their neighbourhoods, teams, key issues and actions."""

import functools

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Concat

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from access.shared import lazy_values
from editorial.blocks import BodyBlock
from editorial.excerpts import JoinedRows
from editorial.models import (
    EXAMPLE_ITEMS_HELP,
    ExampleItemMixin,
    ExampleMarks,
    IntroPage,
    ListedPage,
    Theme,
    example_flag,
    example_panel,
)
from editorial.typography import french
from people.models import Person
from territoires.map import region_map


class TerritoryIndexPage(IntroPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["territoires.TerritoryPage"]
    max_count = 1
    template = "pages/territory_index_page.html"

    class Meta:
        verbose_name = "liste des territoires"
        verbose_name_plural = "listes des territoires"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the body is rendered, not when it is served ready-made ({% sharedblock %}).
        context.update(
            lazy_values(functools.partial(self.listed, request), ("territories", "territory_map"))
        )
        return context

    def listed(self, request):
        territories = list(TerritoryPage.visible_in(request, self))
        return {"territories": territories, "territory_map": region_map(territories)}


class TerritoryPage(ListedPage):
    class Kind(models.TextChoices):
        MUNICIPALITY = "commune", "Commune"
        AGGLOMERATION = "agglomeration", "Communauté d’agglomération"
        METROPOLIS = "metropole", "Métropole"

    kind = models.CharField("type de territoire", max_length=20, choices=Kind.choices)
    department = models.CharField(
        "département", max_length=100, blank=True, help_text="Par exemple « Isère (38) »."
    )
    summary = models.TextField(
        "présentation courte",
        blank=True,
        help_text="Deux ou trois phrases, reprises sur les cartes des territoires.",
    )
    summary_example = example_flag("présentation courte")
    shared_knowledge = StreamField(
        BodyBlock(),
        verbose_name="connaissance partagée du quartier",
        blank=True,
        help_text="Ce que l’équipe a mis en commun sur le quartier et ses représentations.",
    )
    shared_knowledge_example = example_flag("connaissance partagée")
    latitude = models.DecimalField(
        "latitude", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=9, decimal_places=6, null=True, blank=True
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("department")]),
                FieldPanel("summary"),
                example_panel("summary_example"),
                FieldRowPanel(
                    [FieldPanel("latitude"), FieldPanel("longitude")],
                    help_text="Position sur la carte de la région.",
                ),
            ],
            heading="Le territoire",
        ),
        InlinePanel(
            "neighbourhoods",
            heading="Quartiers prioritaires",
            label="quartier",
            help_text=EXAMPLE_ITEMS_HELP,
        ),
        InlinePanel(
            "team_members",
            heading="Équipe",
            label="membre de l’équipe",
            help_text=EXAMPLE_ITEMS_HELP,
        ),
        MultiFieldPanel(
            [FieldPanel("shared_knowledge"), example_panel("shared_knowledge_example")],
            heading="Connaissance partagée du quartier",
        ),
        InlinePanel(
            "key_issues", heading="Enjeux clés", label="enjeu clé", help_text=EXAMPLE_ITEMS_HELP
        ),
        InlinePanel(
            "actions", heading="Actions à court terme", label="action", help_text=EXAMPLE_ITEMS_HELP
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("shared_knowledge"),
        index.RelatedFields("neighbourhoods", [index.SearchField("name")]),
        index.RelatedFields(
            "key_issues", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.RelatedFields(
            "actions", [index.SearchField("title"), index.SearchField("description")]
        ),
        index.FilterField("kind"),
    ]

    parent_page_types = ["territoires.TerritoryIndexPage"]
    subpage_types = []
    template = "pages/territory_page.html"

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read when the body is rendered, not when it is served ready-made to an audience that
        # already saw it ({% sharedblock %}): each list is a lazy value of the context.
        context.update(lazy_values(self.sections, (*self.SECTIONS, "has_example_content")))
        # Its documents are read by type by the page ({% documents_by_kind %}).
        return context

    SECTIONS = ("neighbourhoods", "team", "key_issues", "actions")

    def sections(self):
        # Each list read once, with the « Contenu d’exemple » marks of its invented items.
        sections = {
            "neighbourhoods": ExampleMarks(self.neighbourhoods.all()),
            "team": self.team_by_role(),
            "key_issues": ExampleMarks(self.key_issues.all()),
            "actions": ExampleMarks(self.actions.all()),
        }
        sections["has_example_content"] = bool(
            self.summary_example
            or self.shared_knowledge_example
            or any(sections[name].any for name in self.SECTIONS)
            or any(
                action.outcome and action.outcome_example for action in sections["actions"].items
            )
        )
        return sections

    @property
    def example_fields(self):
        """The fields whose text is an invented example: left out where no badge can say so
        (descriptions for search engines and feeds)."""
        return {"summary"} if self.summary_example else set()

    # Search excerpts (home.views.search): a territory is also found by its neighbourhoods,
    # issues and actions (search_fields), so its excerpt may quote them. They are read with
    # the page (each relation as one text, its rows and fields apart), so that a page of
    # results costs no query more.

    @classmethod
    def for_search_excerpts(cls, queryset):
        return queryset.annotate(
            **{
                f"{relation}_excerpt_text": _joined_rows(model, fields)
                for relation, (model, fields) in _excerpt_rows().items()
            }
        )

    def search_excerpt_lines(self):
        """One sentence per neighbourhood, issue and action: « Réindustrialiser la zone :
        description »."""
        found = []
        for relation, (_model, fields) in _excerpt_rows().items():
            text = getattr(self, f"{relation}_excerpt_text", NOT_READ)
            if text is not NOT_READ:
                rows = [
                    row.split(EXCERPT_FIELD_SEPARATOR)
                    for row in (text or "").split(EXCERPT_ROW_SEPARATOR)
                    if row
                ]
            else:  # not read with the page (a preview): read now
                rows = getattr(self, relation).values_list(*fields)
            for row in rows:
                found.append(_excerpt_sentence(*row))
        return [line for line in found if line]

    def team_by_role(self):
        """The team's members (ExampleMarks), with `groups`: [(role label, [(person,
        marked)])] in the order of the roles' definition."""
        # Only published people (a person created as a draft waits for the workflow); in
        # Python, as a preview's unsaved team is not a database query.
        members = [
            m for m in self.team_members.select_related("person__organisation") if m.person.live
        ]
        order = {value: rank for rank, value in enumerate(Person.Role.values)}
        team = ExampleMarks(members)
        groups = {}
        rows = sorted(team.rows, key=lambda row: order.get(row[0].person.role, len(order)))
        for member, marked in rows:
            groups.setdefault(member.person.get_role_display(), []).append((member.person, marked))
        team.groups = list(groups.items())
        return team


class PriorityNeighbourhood(ExampleItemMixin, Orderable):
    territory = ParentalKey(TerritoryPage, on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField("nom du quartier", max_length=255)
    municipality = models.CharField("commune", max_length=255, blank=True)
    description = models.TextField("description", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("municipality")]),
        FieldPanel("description"),
        FieldPanel("example_content"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "quartier prioritaire"
        verbose_name_plural = "quartiers prioritaires"

    def __str__(self):
        return self.name


class TeamMember(ExampleItemMixin, Orderable):
    territory = ParentalKey(TerritoryPage, on_delete=models.CASCADE, related_name="team_members")
    person = models.ForeignKey(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="territory_teams"
    )

    panels = [FieldPanel("person"), FieldPanel("example_content")]

    class Meta(Orderable.Meta):
        verbose_name = "membre de l’équipe"
        verbose_name_plural = "membres de l’équipe"


def themes_field(related_name):
    """The site's shared themes on an issue or an action: the capitalisation reads the
    territories' conclusions by theme. Part of the territory page's revision (the item is a
    cluster of its own), so a change of themes goes through the workflow with the page."""
    return ParentalManyToManyField(
        Theme,
        verbose_name="thèmes",
        blank=True,
        related_name=related_name,
        help_text="Les thèmes du site auxquels il se rattache : la capitalisation les "
        "regroupe par thème, d’un territoire à l’autre.",
    )


def themes_panel():
    return FieldPanel("themes", widget=forms.CheckboxSelectMultiple)


class KeyIssue(ExampleItemMixin, Orderable, ClusterableModel):
    territory = ParentalKey(TerritoryPage, on_delete=models.CASCADE, related_name="key_issues")
    title = models.CharField("enjeu", max_length=255)
    description = models.TextField("description", blank=True)
    themes = themes_field("key_issues")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        themes_panel(),
        FieldPanel("example_content"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "enjeu clé"
        verbose_name_plural = "enjeux clés"

    def __str__(self):
        return self.title


class ShortTermAction(ExampleItemMixin, Orderable, ClusterableModel):
    class State(models.TextChoices):
        PROPOSED = "proposee", "Proposée"
        IN_PREPARATION = "en_preparation", "En préparation"
        IN_PROGRESS = "engagee", "Engagée"
        DONE = "realisee", "Réalisée"
        ABANDONED = "abandonnee", "Abandonnée"

    territory = ParentalKey(TerritoryPage, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("action", max_length=255)
    description = models.TextField("description", blank=True)
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.PROPOSED)
    lead = models.CharField(
        "porteur", max_length=255, blank=True, help_text="Le service ou le partenaire qui la porte."
    )
    # « Et après ? »: the site is an archive of 2014; what became of an action since is told
    # apart, dated, so that its state reads as the state of 2014.
    outcome = models.TextField(
        "et après ?",
        blank=True,
        help_text="Ce qu’est devenue l’action depuis la formation-action, en une ou deux "
        "phrases. Laissez vide si on ne le sait pas : l’état affiché est alors celui de 2014.",
    )
    outcome_date = models.DateField(
        "à la date du",
        null=True,
        blank=True,
        help_text="La date à laquelle ce qui est dit de la suite était vrai.",
    )
    outcome_example = models.BooleanField(
        "contenu d’exemple (et après ?)",
        default=False,
        help_text="Cochez si la suite racontée est inventée pour la démonstration ; "
        "décochez-la quand elle est vraie.",
    )
    themes = themes_field("actions")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("state"), FieldPanel("lead")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("outcome_date")]),
                FieldPanel("outcome_example", heading="Contenu d’exemple"),
            ],
            heading="Et après ?",
        ),
        themes_panel(),
        FieldPanel("example_content"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "action à court terme"
        verbose_name_plural = "actions à court terme"

    def __str__(self):
        return self.title

    @property
    def state_of_2014(self):
        """Whether the state shown is only the one of 2014: an action not finished then, of
        which nothing later is told, reads « état en 2014 » (not as still under way)."""
        finished = (self.State.DONE, self.State.ABANDONED)
        return not self.outcome and self.state not in finished


EXCERPT_ROW_SEPARATOR, EXCERPT_FIELD_SEPARATOR = "\x1e", "\x1f"
NOT_READ = object()


def _excerpt_rows():
    """The related rows a territory's search excerpt quotes: {relation: (model, fields)}, the
    first field the row's name, the others what it says."""
    return {
        "neighbourhoods": (PriorityNeighbourhood, ("name", "municipality", "description")),
        "key_issues": (KeyIssue, ("title", "description")),
        "actions": (ShortTermAction, ("title", "description")),
    }


def _joined_rows(model, fields):
    """SQL: the territory's rows of this model as one text, a line each."""
    parts = []
    for field in fields:
        parts += [field, Value(EXCERPT_FIELD_SEPARATOR)]
    rows = model.objects.filter(territory=OuterRef("pk")).order_by().values("territory")
    text = JoinedRows(Concat(*parts[:-1], output_field=CharField()), EXCERPT_ROW_SEPARATOR)
    return Subquery(rows.annotate(text=text).values("text")[:1], output_field=CharField())


def _excerpt_sentence(name, *details):
    """« Name (qualifier) : description. » of a row; the last field is its description."""
    clean = [" ".join((text or "").split()) for text in (name, *details)]
    name, *qualifiers, description = [*clean, ""] if len(clean) < 2 else clean
    name = name.rstrip(" .")
    if not name:
        return ""
    qualifiers = [q for q in qualifiers if q]
    if qualifiers:
        name = f"{name} ({', '.join(qualifiers)})"
    return f"{name}\u00a0: {description}" if description else f"{name}."


class TerritoryProposal(models.Model):
    """A team's proposal to update its territory's key issues or short-term actions, sent
    from the participants' area (territoires.proposals). The editors decide: an accepted
    proposal becomes a draft revision of the territory page, which then goes through the
    editorial workflow as any edit does; nothing a participant proposes is published by
    their own action. Seen only by the staff and by the participants of the same territory."""

    class Kind(models.TextChoices):
        ADD_ISSUE = "ajout_enjeu", "Ajouter un enjeu clé"
        ADD_ACTION = "ajout_action", "Ajouter une action à court terme"
        REWORD_ISSUE = "reformulation_enjeu", "Reformuler un enjeu clé"
        REWORD_ACTION = "reformulation_action", "Reformuler une action"
        ACTION_STATE = "etat_action", "Changer l’état d’une action"

    class Status(models.TextChoices):
        PENDING = "en_attente", "En attente"
        ACCEPTED = "acceptee", "Acceptée"
        REFUSED = "refusee", "Refusée"

    territory = models.ForeignKey(
        TerritoryPage,
        verbose_name="territoire",
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    # The account may go; the proposal stays the territory's, with the name it was sent under.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="territory_proposals",
    )
    author_name = models.CharField("proposé par", max_length=255, blank=True)
    kind = models.CharField("proposition", max_length=30, choices=Kind.choices)
    # The issue or action concerned: its id, which a page's revisions keep for its items
    # (modelcluster), and its title when proposed, for a reader after it changed or went.
    target_id = models.PositiveIntegerField("élément visé", null=True, blank=True)
    target_title = models.CharField("élément visé (titre)", max_length=255, blank=True)
    title = models.CharField("titre proposé", max_length=255, blank=True)
    description = models.TextField("description proposée", blank=True)
    state = models.CharField(
        "état proposé", max_length=20, choices=ShortTermAction.State.choices, blank=True
    )
    comment = models.TextField("commentaire de l’équipe", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reply = models.TextField(
        "réponse de l’équipe du site",
        blank=True,
        help_text="Lue par l’équipe du territoire dans l’espace des participants ; "
        "obligatoire pour un refus.",
    )
    created_at = models.DateTimeField("proposée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="brouillon créé",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "proposition d’un territoire"
        verbose_name_plural = "propositions des territoires"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["territory", "status"])]

    def __str__(self):
        return f"{self.territory.title} — {self.get_kind_display()}"

    @property
    def is_about_issue(self):
        return self.kind in (self.Kind.ADD_ISSUE, self.Kind.REWORD_ISSUE)

    @property
    def targets_an_item(self):
        return self.kind not in (self.Kind.ADD_ISSUE, self.Kind.ADD_ACTION)

    def summary(self):
        """What it proposes, in one French sentence, for the lists of both sides."""
        return french(self._summary())

    summary.short_description = "proposition"

    def _summary(self):
        quoted = f"« {self.target_title} »"
        if self.kind == self.Kind.ADD_ISSUE:
            return f"Ajouter l’enjeu « {self.title} »"
        if self.kind == self.Kind.ADD_ACTION:
            return f"Ajouter l’action « {self.title} »"
        if self.kind == self.Kind.ACTION_STATE:
            return f"Passer l’action {quoted} à l’état « {self.get_state_display()} »"
        what = "l’enjeu" if self.kind == self.Kind.REWORD_ISSUE else "l’action"
        return f"Reformuler {what} {quoted}"
