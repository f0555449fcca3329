"""Resources: the documents the formation-action produced, and the library that lists them."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import F, Subquery, Value
from django.urls import reverse
from django.utils.formats import date_format

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.models import Orderable, Site
from wagtail.search import index

from access.request_memo import remembered, request_memo
from access.shared import lazy_values, shared
from access.visibility import PAGE_LINK_FIELDS, anyone, visible_documents, visible_pages
from documents import pipeline
from documents.storage import get_private_storage
from editorial.models import IntroPage, Theme
from people.models import Organisation
from sessions.models import SessionPage
from territoires.models import TerritoryPage


class Licence(models.TextChoices):
    """The licences a document may be published under; each names its text (`LICENCE_URLS`).
    The open-data licence of the French administration comes first: it is the site's default
    (LicenceSettings)."""

    ETALAB = "etalab-2.0", "Licence Ouverte / Etalab 2.0"
    CC_BY = "cc-by-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC_BY_SA = (
        "cc-by-sa-4.0",
        (
            "Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International "
            "(CC BY-SA 4.0)"
        ),
    )
    CC_BY_NC_ND = (
        "cc-by-nc-nd-4.0",
        (
            "Creative Commons Attribution – Pas d’utilisation commerciale – Pas de modification "
            "4.0 International (CC BY-NC-ND 4.0)"
        ),
    )
    ALL_RIGHTS_RESERVED = "tous-droits-reserves", "Tous droits réservés"


LICENCE_URLS = {
    Licence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.fr",
    Licence.ALL_RIGHTS_RESERVED: "",
}
DEFAULT_LICENCE = Licence.ETALAB


@register_setting(icon="doc-full")
class LicenceSettings(BaseSiteSetting):
    """The licence of every document that names none of its own: set by the publishers
    (« Responsables de publication ») and the administrators (documents.wagtail_hooks)."""

    default_licence = models.CharField(
        "licence par défaut des documents",
        max_length=30,
        choices=Licence.choices,
        default=DEFAULT_LICENCE,
        help_text=(
            "La licence sous laquelle sont diffusés les documents qui n’en précisent pas "
            "d’autre (champ « licence » d’un document). Elle figure sur la page de chaque "
            "document, dans « Comment citer » et dans les données pour les moteurs de recherche."
        ),
    )

    panels = [
        HelpPanel(
            content="<p>Un changement s’applique aussitôt à tous les documents qui suivent la "
            "licence par défaut, y compris ceux déjà en ligne.</p>"
        ),
        FieldPanel("default_licence"),
    ]

    class Meta:
        verbose_name = "licence des documents"

    @classmethod
    def default_for(cls, request):
        """The default licence of this request's site, read once per request; DEFAULT_LICENCE
        until a publisher saves the setting. Read without Wagtail's `for_request`, which
        creates the row on a visitor's request (and so emptied the anonymous page cache)."""

        def read():
            site = Site.find_for_request(request)
            chosen = cls.objects.filter(site=site).values_list("default_licence", flat=True)
            return (chosen.first() if site is not None else None) or DEFAULT_LICENCE

        return remembered(request, "documents.default_licence", read)


_UNREAD = object()


class ResourceQuerySet(DocumentQuerySet):
    def for_listing(self):
        """Without the file's text and its search vectors (about 13 KB a row at 10,000
        documents): lists show titles and metadata, never the text."""
        return self.defer("extracted_text", "search_vector", "head_vector")

    def with_default_licence(self, request):
        """With the default licence of this request's site read in the same query
        (`site_default_licence`, None until a publisher saves the setting): a list that names
        each document's licence (Resource.licence_of) reads no setting of its own."""
        site = Site.find_for_request(request)
        chosen = LicenceSettings.objects.filter(site=site).order_by("pk")
        return self.annotate(site_default_licence=Subquery(chosen.values("default_licence")[:1]))


class Resource(AbstractDocument):
    """A document of the formation-action (named so to avoid clashing with wagtaildocs.Document)."""

    objects = ResourceQuerySet.as_manager()

    class Kind(models.TextChoices):
        PROGRAMME = "programme", "Programme"
        TRAINING_MATERIAL = "support_formation", "Support de formation"
        WORKING_DOCUMENT = "document_travail", "Document de travail"
        REPORT = "compte_rendu", "Compte rendu"
        REFERENCE = "document_reference", "Document de référence"
        ACTION_SHEET = "fiche_action", "Fiche action"
        SYNTHESIS = "synthese", "Synthèse"

    class TextStatus(models.TextChoices):
        PENDING = "en_attente", "En attente d’analyse"
        INDEXED = "indexe", "Texte indexé"
        NOT_INDEXED = "non_indexe", "Texte non indexé"

    # The address of a document says nothing of the others: sequential ids in download links
    # let anyone count the restricted documents from the gaps between public ones.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Documents that existed when addresses took public_id keep their old address, by a
    # redirect (documents.views.legacy_address); no document made since has one, so the old
    # numbering tells nothing that was not already public then.
    has_legacy_address = models.BooleanField(default=False, editable=False)
    # Stored outside MEDIA_ROOT from the first migration (see documents.storage).
    file = models.FileField("fichier", upload_to="documents", storage=get_private_storage)
    kind = models.CharField(
        "type de document",
        max_length=30,
        choices=Kind.choices,
        default=Kind.WORKING_DOCUMENT,
    )
    description = models.TextField("description", blank=True)
    document_date = models.DateField(
        "date du document", null=True, blank=True, help_text="La date portée par le document."
    )
    authors = models.CharField(
        "auteurs", max_length=255, blank=True, help_text="Noms séparés par des virgules."
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    session = models.ForeignKey(
        SessionPage,
        verbose_name="séance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    territories = models.ManyToManyField(
        TerritoryPage, verbose_name="territoires", blank=True, related_name="documents"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="thèmes", blank=True, related_name="documents"
    )
    licence = models.CharField(
        "licence",
        max_length=30,
        choices=Licence.choices,
        blank=True,
        help_text=(
            "Laissez vide pour la licence par défaut du site (Réglages › Licence des "
            "documents), en principe la Licence Ouverte / Etalab 2.0. Choisissez-en une autre "
            "seulement si les auteurs l’ont demandé."
        ),
    )

    # Filled by the site from the file (documents.pipeline).
    original_filename = models.CharField(
        "nom du fichier d’origine", max_length=255, blank=True, editable=False
    )
    file_format = models.CharField("format", max_length=10, blank=True, editable=False)
    text_status = models.CharField(
        "indexation du texte",
        max_length=20,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
    )
    text_status_detail = models.CharField("motif", max_length=255, blank=True, editable=False)
    extracted_text = models.TextField("texte du fichier", blank=True, editable=False)
    extracted_hash = models.CharField(max_length=40, blank=True, editable=False)
    page_count = models.PositiveIntegerField("nombre de pages", null=True, editable=False)
    preview = models.FileField(
        "aperçu",
        upload_to="apercus",
        storage=get_private_storage,
        blank=True,
        editable=False,
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # The same vector without the file's text (title and description with the metadata): what
    # the library ranks by when too many documents match to rank them on their whole text
    # (documents.library.FULL_RANK_MAX). A few hundred bytes, kept in the row.
    head_vector = SearchVectorField(null=True, editable=False)

    # The review (documents.release): nothing is shown outside the staff before a
    # « Responsable de publication » releases it. An editor's upload waits; an editor's change
    # of a released document puts it back to waiting (the public loses it until it is
    # released again). See access.visibility.visible_documents.
    released_at = models.DateTimeField("validé le", null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validé par",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "kind",
        "description",
        "document_date",
        "authors",
        "organisation",
        "session",
        "territories",
        "themes",
        "licence",
        "tags",
    )
    search_fields = AbstractDocument.search_fields + [
        index.SearchField("description"),
        index.SearchField("authors"),
        index.SearchField("indexed_text"),
        index.FilterField("kind"),
        index.FilterField("session"),
        index.FilterField("document_date"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
        permissions = [("release_resource", "Peut valider la publication des documents")]
        indexes = [
            # The home page's latest documents, the session pages' and library's orders.
            models.Index(F("created_at").desc(), F("id").desc(), name="resource_latest"),
            models.Index(fields=["session", "kind", "title"], name="resource_session_order"),
            models.Index(fields=["kind", "title"], name="resource_kind_title"),
            # The « Documents à valider » panel: the few waiting documents, newest first.
            models.Index(
                F("created_at").desc(),
                name="resource_waiting",
                condition=models.Q(released_at__isnull=True),
            ),
        ]

    def clean(self):
        # Wagtail's multiple uploader validates the metadata form before it attaches the
        # (already validated) file: checking the extension of no file would fail with a 500.
        if not self.file:
            return
        super().clean()

    def save(self, *args, **kwargs):
        """Write the row. Code that stores a document calls documents.pipeline.ingest, whose
        steps end here. A document none of those steps has seen goes through them first:
        Wagtail's multiple uploader saves the documents it creates itself (see
        documents.pipeline), and a plain row would keep an unread file in a public collection.
        """
        if pipeline.needs_ingest(self):
            pipeline.ingest(self, *args, **kwargs)
        else:
            super().save(*args, **kwargs)

    def metadata_text(self):
        """Words that describe the document without being in it: type, session, places, themes.

        Only pages anyone may see lend their names (the visibility rule: an alias of a
        restricted page counts as restricted): a restricted session or territory's title must
        not make a document findable (a result count would tell it exists).
        """
        parts = [self.get_kind_display(), self.authors]
        if self.organisation_id and self.organisation.live:  # not a draft organisation
            parts.append(self.organisation.display_name)
        everyone = anyone()
        if (
            self.session_id
            and visible_pages(SessionPage.objects.filter(pk=self.session_id), everyone).exists()
        ):
            parts += [self.session.label, self.session.title, self.session.theme]
        if self.pk:
            parts += [t.title for t in visible_pages(self.territories.all(), everyone)]
            parts += [t.name for t in self.themes.filter(live=True)]
        if self.document_date:
            parts.append(str(self.document_date.year))
        return " ".join(part for part in parts if part)

    def refresh_search_vector(self):
        """Title weighs most, then description and metadata, then the file's text."""
        if connection.vendor != "postgresql" or not self.pk:
            return
        config = settings.DOCUMENT_SEARCH_CONFIG
        head = SearchVector(Value(self.title), weight="A", config=config) + SearchVector(
            Value(f"{self.description} {self.metadata_text()}"), weight="B", config=config
        )
        Resource.objects.filter(pk=self.pk).update(
            head_vector=head,
            # The text last: the head's words keep their positions in the whole vector.
            search_vector=head
            + SearchVector(Value(self.indexed_text()), weight="C", config=config),
        )

    def indexed_text(self):
        """The file's text as search indexes take it: PostgreSQL's tsvector holds 1 MB."""
        return self.extracted_text[:SEARCHABLE_TEXT_CHARS]

    @property
    def is_released(self):
        return self.released_at is not None

    @property
    def format_label(self):
        return self.file_format.upper()

    @property
    def url(self):
        """A stable address: it survives replacing the file (see documents.views.download)."""
        return reverse("documents:download", args=[self.public_id])

    @property
    def preview_url(self):
        return reverse("documents:preview", args=[self.public_id]) if self.preview else ""

    def licence_of(self, request):
        """(name, address of its text) of this document's licence: its own, or the site's
        default (LicenceSettings). The address is empty for « Tous droits réservés »."""
        default = self.__dict__.get("site_default_licence", _UNREAD)
        if default is _UNREAD:
            default = LicenceSettings.default_for(request)
        code = self.licence or default or DEFAULT_LICENCE
        if code not in LICENCE_URLS:  # a default saved before a choice was withdrawn
            code = DEFAULT_LICENCE
        return Licence(code).label, LICENCE_URLS[code]

    @property
    def download_filename(self):
        return self.original_filename or self.filename

    @property
    def year(self):
        return self.document_date.year if self.document_date else None


# PostgreSQL's tsvector holds at most 1 MB: the indexed text stops well before.
SEARCHABLE_TEXT_CHARS = 300_000


LIBRARY_URL_KEY = "documents.library_url"


class LibraryPage(RoutablePageMixin, IntroPage):
    """/ressources/: the resource library, its search and facets (see documents.library), and
    the page of each document it holds, /ressources/documents/<public_id>/
    (documents.document_page).

    A route of the library rather than an address of documents.urls: a document's page lives
    where the library lives (its address follows the library's slug, its breadcrumbs and menu
    are the library's), it is as private as the library (a restricted or unpublished library
    takes its documents' pages with it), and it is a page of the site for Wagtail's serving,
    the anonymous page cache and the sitemap."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["documents.ResourceCollectionPage"]
    max_count = 1
    template = "pages/library_page.html"

    class Meta:
        verbose_name = "bibliothèque de ressources"
        verbose_name_plural = "bibliothèques de ressources"

    @classmethod
    def for_request(cls, request):
        """The library this request's user may see, or None: the one way to find it (there is
        one, `max_count`), read once per request with what a link to it needs, and shared by
        its audience until the content changes (access.shared)."""
        return remembered(
            request,
            "documents.library",
            lambda: shared(
                request,
                "documents.library",
                lambda: (
                    visible_pages(cls.objects.only(*PAGE_LINK_FIELDS), request)
                    .order_by("path")
                    .first()
                ),
            ),
        )

    @path("documents/<uuid:public_id>/", name="document")
    def document_page(self, request, public_id):
        """One document's page, for whoever may see the document; a 404 for everyone else,
        the same as for a document that does not exist (documents.document_page)."""
        from documents.document_page import serve_document_page

        return serve_document_page(self, request, public_id)

    def document_path(self, document, request=None):
        """The address of a document's page under this library (no query: the library's
        address comes from the site's root paths, kept per request)."""
        return self.get_url(request) + self.reverse_subpage("document", args=[document.public_id])

    @classmethod
    def document_page_url(cls, document, request):
        """The address of a document's page for this request, or "" when the user may not see
        the library (then lists link to the download only). The library's address is read
        once per request, and not at all when the menu has read it (`seen_in_menu`)."""

        def library_url():
            library = cls.for_request(request)
            return (library.get_url(request) or "") if library is not None else ""

        base = remembered(request, LIBRARY_URL_KEY, library_url)
        if not base:
            return ""
        return base + cls.get_resolver().reverse("document", document.public_id)

    @classmethod
    def seen_in_menu(cls, request, pages):
        """The site's navigation (home.navigation) read these pages, visible to this request's
        user: when the library is among them, the links to documents' pages take its address
        from there (the menu is drawn before the lists of a page)."""
        content_type = ContentType.objects.get_for_model(cls)
        for page in pages:
            if page.content_type_id == content_type.pk:
                request_memo(request).setdefault(LIBRARY_URL_KEY, page.get_url(request) or "")
                return

    def get_sitemap_urls(self, request=None):
        """The library, then the page of every document anyone may see (never a restricted or
        waiting one, whoever asks: the sitemap is the same for all)."""
        urls = super().get_sitemap_urls(request)
        root = self.get_full_url(request)
        documents = visible_documents(Resource.objects.all(), anyone(request))
        for public_id, released_at in documents.order_by("created_at", "pk").values_list(
            "public_id", "released_at"
        ):
            urls.append(
                {
                    "location": root + self.reverse_subpage("document", args=[public_id]),
                    "lastmod": released_at,
                }
            )
        return urls

    def get_context(self, request, *args, **kwargs):
        from documents.library import LibrarySearch

        context = super().get_context(request, *args, **kwargs)
        search = LibrarySearch(request)
        context["search"] = search
        context["body_name"] = search.body_name()

        # Read when the body is rendered, not when it is served ready-made to an audience that
        # already asked the same ({% sharedblock %}).
        context.update(lazy_values(search.results, ("page_obj", "facets", "archive")))
        return context


class DownloadCount(models.Model):
    """Downloads of one document in one month (the first day of the month stands for it)."""

    document = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="download_counts")
    month = models.DateField("mois")
    count = models.PositiveIntegerField("téléchargements", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "month"], name="unique_download_month")
        ]
        ordering = ["-month"]
        verbose_name = "téléchargements du mois"
        verbose_name_plural = "téléchargements par mois"

    def __str__(self):
        return f"{self.document} — {self.month_label} : {self.count}"

    @property
    def month_label(self):
        """« novembre 2026 »."""
        return date_format(self.month, "F Y")


class ResourceCollectionPage(IntroPage):
    """A curated collection: hand-picked documents in order, and/or every document of a rule."""

    rule_kind = models.CharField(
        "type de document", max_length=30, choices=Resource.Kind.choices, blank=True
    )
    rule_session = models.ForeignKey(
        SessionPage,
        verbose_name="séance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_territory = models.ForeignKey(
        TerritoryPage,
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_theme = models.ForeignKey(
        Theme,
        verbose_name="thème",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = IntroPage.content_panels + [
        InlinePanel(
            "picked_documents",
            heading="Documents choisis",
            label="document",
            help_text="Affichés en premier, dans cet ordre.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("rule_kind"),
                FieldPanel("rule_session"),
                FieldPanel("rule_territory"),
                FieldPanel("rule_theme"),
            ],
            heading="Règle",
            help_text=(
                "Ajoute tous les documents qui remplissent ces critères (par exemple : tous les "
                "supports de formation de la séance 3). Laissez vide pour n’afficher que les "
                "documents choisis."
            ),
        ),
    ]

    parent_page_types = ["documents.LibraryPage"]
    subpage_types = []
    template = "pages/resource_collection_page.html"

    class Meta:
        verbose_name = "collection de ressources"
        verbose_name_plural = "collections de ressources"

    @property
    def has_rule(self):
        return bool(
            self.rule_kind or self.rule_session_id or self.rule_territory_id or self.rule_theme_id
        )

    def documents_for(self, request):
        """Picked documents in their order, then those of the rule, all visible to the user."""
        picked_ids = list(self.picked_documents.values_list("document_id", flat=True))
        visible = visible_documents(
            Resource.objects.for_listing().select_related("session"), request
        )
        by_id = {doc.pk: doc for doc in visible.filter(pk__in=picked_ids)}
        documents = [by_id[pk] for pk in picked_ids if pk in by_id]
        if self.has_rule:
            rule = visible.exclude(pk__in=picked_ids)
            if self.rule_kind:
                rule = rule.filter(kind=self.rule_kind)
            if self.rule_session_id:
                rule = rule.filter(session_id=self.rule_session_id)
            if self.rule_territory_id:
                rule = rule.filter(territories=self.rule_territory_id)
            if self.rule_theme_id:
                rule = rule.filter(themes=self.rule_theme_id)
            documents += list(rule.order_by(F("document_date").desc(nulls_last=True), "title"))
        return documents

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.documents_for(request)
        return context


class PickedDocument(Orderable):
    page = ParentalKey(
        ResourceCollectionPage, on_delete=models.CASCADE, related_name="picked_documents"
    )
    document = models.ForeignKey(
        Resource, verbose_name="document", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "document choisi"
        verbose_name_plural = "documents choisis"


class Deposit(models.Model):
    """A working document a participant deposited from their area (documents.deposits): the
    document itself is a Resource in the participants' collection, never released by its
    author. It waits for the staff (« Documents à valider »); accepted, it is released into
    the participants' collection; refused, it stays the author's and the staff's, with the
    reason. It belongs to its territory: when the author's account goes, the deposit stays."""

    class State(models.TextChoices):
        PENDING = "en_attente", "En attente de validation"
        ACCEPTED = "accepte", "Accepté"
        REFUSED = "refuse", "Refusé"

    document = models.OneToOneField(
        Resource, verbose_name="document", on_delete=models.CASCADE, related_name="deposit"
    )
    depositor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deposits",
    )
    # Kept for the staff's report when the account is deleted (the deposit stays).
    depositor_name = models.CharField("nom du déposant", max_length=255, blank=True)
    territory = models.ForeignKey(
        TerritoryPage,
        verbose_name="territoire",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deposits",
    )
    state = models.CharField(
        "état", max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    refusal_reason = models.TextField("motif du refus", blank=True)
    deposited_at = models.DateTimeField("déposé le", auto_now_add=True)
    changed_at = models.DateTimeField("modifié le", auto_now=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "dépôt d’un participant"
        verbose_name_plural = "dépôts des participants"
        permissions = [("moderate_deposit", "Peut accepter ou refuser les dépôts des participants")]
        indexes = [models.Index(fields=["depositor", "-deposited_at"], name="deposit_mine")]

    def __str__(self):
        return f"{self.document.title} ({self.get_state_display()})"

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_refused(self):
        return self.state == self.State.REFUSED

    @property
    def is_accepted(self):
        return self.state == self.State.ACCEPTED

    @property
    def author_may_change(self):
        """The author corrects or withdraws a deposit until it is accepted: then it is the
        group's (the staff edit it in the admin)."""
        return self.state != self.State.ACCEPTED


class DepositQuota(models.Model):
    """A quota lifted by the staff for one participant or one territory's team: replaces the
    setting's (DEPOSIT_QUOTA_PER_PARTICIPANT_MB, DEPOSIT_QUOTA_PER_TERRITORY_MB)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deposit_quota",
    )
    territory = models.OneToOneField(
        TerritoryPage,
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deposit_quota",
    )
    megabytes = models.PositiveIntegerField("quota (Mo)")

    class Meta:
        verbose_name = "quota de dépôt"
        verbose_name_plural = "quotas de dépôt"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) ^ models.Q(territory__isnull=True),
                name="deposit_quota_one_owner",
            )
        ]

    def __str__(self):
        return f"{self.user or self.territory} : {self.megabytes} Mo"
