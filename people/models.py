"""People and organisations: the site's accounts and the shared snippets that name who did what.

This app is the foundation others build on: it imports no other app of the project.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from access.request_memo import remembered


class User(AbstractUser):
    """An account. Custom from the first migration so that fields can be added later."""

    class Meta(AbstractUser.Meta):
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"


class Organisation(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Shown on public pages (home page partners, documents): an edit is a draft until the
    editorial workflow publishes it (access.roles). The row holds the published version."""

    class Kind(models.TextChoices):
        RESOURCE_CENTRE = "centre_ressources", "Centre de ressources régional"
        CONSULTANCY = "cabinet", "Cabinet de conseil"
        LOCAL_AUTHORITY = "collectivite", "Collectivité ou intercommunalité"
        OTHER = "autre", "Autre"

    short_name = models.CharField(
        "nom court ou sigle", max_length=60, unique=True, help_text="Par exemple « ARADEL »."
    )
    name = models.CharField(
        "nom complet",
        max_length=255,
        blank=True,
        help_text="Le nom développé, tel qu’il doit apparaître sur le site.",
    )
    kind = models.CharField("type", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField("présentation", blank=True)
    website = models.URLField("site web", blank=True)
    is_partner = models.BooleanField(
        "partenaire de la formation-action",
        default=False,
        help_text="Les partenaires sont présentés sur l’accueil, dans le pied de page et sur la "
        "page de contact (avec leur adresse postale).",
    )
    is_funder = models.BooleanField(
        "financeur de la formation-action",
        default=False,
        help_text="Les financeurs sont présentés sur l’accueil (« Avec le soutien de »).",
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name="logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Le texte alternatif de l’image (sa description) doit donner le nom de "
        "l’organisation, tel qu’il est écrit sur le logo.",
    )
    address = models.TextField(
        "adresse postale",
        blank=True,
        help_text="Une ligne par ligne d’adresse. Celle des partenaires figure sur la page de "
        "contact.",
    )
    example_content = models.BooleanField(
        "contenu d’exemple",
        default=False,
        help_text="Cochez tant que l’adresse, le logo ou l’organisation elle-même sont inventés "
        "ou provisoires pour la démonstration : ils portent alors la mention « Contenu "
        "d’exemple » sur le site. Décochez dès que tout est vrai.",
    )

    panels = [
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("logo")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("is_partner"), FieldPanel("is_funder")]),
        MultiFieldPanel([FieldPanel("example_content")], heading="Contenu d’exemple"),
    ]
    search_fields = [
        index.SearchField("short_name"),
        index.SearchField("name"),
        index.AutocompleteField("short_name"),
    ]

    class Meta:
        ordering = ["short_name"]
        verbose_name = "organisation"
        verbose_name_plural = "organisations"

    def __str__(self):
        return self.short_name

    @property
    def display_name(self):
        """« ARADEL (Association Rhône-Alpes …) », or the short_name alone."""
        return f"{self.short_name} ({self.name})" if self.name else self.short_name


def _showcased(request=None):
    """The published partners and funders with their logos, in one query, read once per
    request: the footer, the home page, its schema.org data and the contact page show them."""

    def read():
        return list(
            Organisation.objects.filter(live=True)
            .filter(models.Q(is_partner=True) | models.Q(is_funder=True))
            .select_related("logo")
        )

    return read() if request is None else remembered(request, "people.partners", read)


def partners(request=None):
    """The partner organisations (ARADEL, CR•DSU)."""
    return [organisation for organisation in _showcased(request) if organisation.is_partner]


def funders(request=None):
    """The organisations that funded the formation-action."""
    return [organisation for organisation in _showcased(request) if organisation.is_funder]


class Person(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """Shown on public pages (territory teams): an edit is a draft until the editorial
    workflow publishes it (access.roles). The row holds the published version."""

    class Role(models.TextChoices):
        DSU_PROJECT_LEAD = "chef_projet_dsu", "Chef de projet DSU"
        EMPLOYMENT_LEAD = "responsable_emploi_insertion", "Responsable emploi-insertion"
        ECONOMIC_DEVELOPER = "developpeur_economique", "Développeur économique"
        CONSULTANT = "consultant", "Consultant"
        STAFF = "charge_mission", "Chargé·e de mission d’un centre de ressources"
        SPEAKER = "intervenant", "Intervenant·e"

    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    role = models.CharField("rôle", max_length=40, choices=Role.choices)
    job_title = models.CharField(
        "fonction", max_length=255, blank=True, help_text="Intitulé du poste, s’il précise le rôle."
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    service = models.CharField(
        "service", max_length=255, blank=True, help_text="Par exemple « service DSU »."
    )
    email = models.EmailField(
        "adresse électronique",
        blank=True,
        help_text="Visible seulement dans l’annuaire de l’espace participants.",
    )
    # Contact fields of the participants' directory that belong to the person, not to the
    # editorial workflow: they edit them from the public site (people.directory_entry) and
    # the change applies at once; publishing a revision never brings back an older value
    # (`with_content_json`). Not in the admin's panels: consent is the person's to give.
    phone = models.CharField(
        "téléphone",
        max_length=30,
        blank=True,
        help_text="Visible seulement dans l’annuaire de l’espace participants.",
    )
    show_email = models.BooleanField(
        "adresse électronique montrée aux participants",
        default=False,
        help_text="Cochée par la personne elle-même, depuis sa fiche de l’annuaire : sans son "
        "accord, l’annuaire ne montre pas son adresse.",
    )
    user = models.OneToOneField(
        "people.User",
        verbose_name="compte",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Le compte avec lequel cette personne se connecte, s’il existe.",
    )

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")])],
            heading="Identité",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("role"), FieldPanel("job_title")]),
                FieldRowPanel([FieldPanel("organisation"), FieldPanel("service")]),
            ],
            heading="Rôle",
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("user")], heading="Contact et compte"),
    ]
    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.AutocompleteField("last_name"),
        index.FilterField("role"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "personne"
        verbose_name_plural = "personnes"

    def __str__(self):
        return self.full_name

    CONTACT_FIELDS = ("phone", "show_email")

    def with_content_json(self, content):
        """A revision as an object: the contact fields stay the row's (see `phone`)."""
        obj = super().with_content_json(content)
        for name in self.CONTACT_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def directory_email(self):
        """The e-mail address the directory shows: only with the person's consent."""
        return self.email if self.show_email else ""

    @property
    def public_organisation(self):
        """The organisation as the public sees it: none while it is only a draft."""
        organisation = self.organisation
        return organisation if organisation is not None and organisation.live else None

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class DigestPreference(models.Model):
    """How often a person hears about what is new in the participants' area (home.digest):
    their choice, and up to when the news has been looked at for them. A user without a row
    has the default (weekly); the row is made at their first digest or first choice."""

    class Frequency(models.TextChoices):
        WEEKLY = "hebdomadaire", "Une fois par semaine"
        IMMEDIATE = "chaque_nouveaute", "À chaque nouveauté"
        NEVER = "jamais", "Jamais"

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="digest_preference", verbose_name="compte"
    )
    frequency = models.CharField(
        "fréquence des nouvelles",
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    # What was released until this moment has been looked at (named in a digest, or found
    # empty): the next digest speaks of what came after.
    checked_until = models.DateTimeField("nouveautés examinées jusqu’au", null=True, blank=True)
    last_sent_at = models.DateTimeField("dernier courriel envoyé le", null=True, blank=True)
    # Which subscription this is: one more each time the person comes back from « Jamais ».
    # The unsubscribe links carry it (people.notifications): a link from before a
    # re-subscription no longer unsubscribes.
    subscription = models.PositiveIntegerField("abonnement n°", default=1, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "préférence de courriel"
        verbose_name_plural = "préférences de courriel"

    def __str__(self):
        return f"{self.user} : {self.get_frequency_display()}"

    def save(self, *args, **kwargs):
        """A change of frequency away from « Jamais » starts a new subscription, whatever
        saves it (the preferences page, the shell): the links of the previous ones stop
        working. A save that does not write the frequency (the digests' own) is not read."""
        update_fields = kwargs.get("update_fields")
        writes_frequency = update_fields is None or "frequency" in update_fields
        if writes_frequency and self.pk and self.frequency != self.Frequency.NEVER:
            was = type(self).objects.filter(pk=self.pk).values_list("frequency", flat=True)
            if was.first() == self.Frequency.NEVER:
                self.subscription += 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "subscription"}
        super().save(*args, **kwargs)

    @classmethod
    def of(cls, user):
        """This user's preference, made with the default if they have none yet."""
        return cls.objects.get_or_create(user=user)[0]
