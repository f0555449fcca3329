"""The admin's document listing (the « Documents » menu), made for the editors: Wagtail's own
listing (wagtail.documents.views.documents.IndexView) with

- the library's text search (documents.library.matching_text: title, description,
  metadata and the file's text, French, accents folded) in place of Wagtail's, which looks at
  titles only;
- filters by type, session, territory, theme, diffusion (public, reserved, waiting for a
  publisher's release: documents.release) and the file's text not indexed, beside Wagtail's
  collection, tag and usage filters;
- columns for those (« texte non indexé » under the title), the first page's thumbnail and
  the downloads; the rows of a page are
  read in a fixed number of queries whatever their number (prefetched links, summed
  downloads);
- bulk actions that set the session, the territories or the themes of the ticked documents,
  within the user's rights: only documents they may change, and an editor's change of a
  released document puts it back to waiting, as the edit form does (documents.forms).

Wagtail 8 has no viewset for the document listing: its two addresses are registered before
Wagtail's own (register_listing_urls), which then never answer. The document chooser's search
uses the same text search (ResourceChooserViewSet). Documents.wagtail_hooks imports this
module, whose hooks Wagtail would not find otherwise.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms.choosers import BaseFilterForm, CollectionFilterMixin
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.documents import get_document_model_string
from wagtail.documents.views.bulk_actions.document_bulk_action import DocumentBulkAction
from wagtail.documents.views.chooser import (
    DocumentChooseResultsView,
    DocumentChooserViewSet,
    DocumentChooseView,
)
from wagtail.documents.views.documents import BulkActionsColumn, DocumentsFilterSet, IndexView
from wagtail.models import ReferenceIndex

import django_filters

from access.visibility import anyone, hidden_collections_q
from documents.forms import LinkCheckboxes
from documents.library import clean_query, matching_text, text_rank
from documents.models import DownloadCount, Resource
from documents.release import can_release, mark_waiting
from editorial.models import Theme
from sessions.models import SessionPage
from territoires.models import TerritoryPage

# Diffusion: who, outside the staff, may see a document (access.visibility).
PUBLIC, RESERVED, WAITING = "public", "reserve", "attente"
DIFFUSION_LABELS = {
    PUBLIC: "Visible de tous",
    RESERVED: "Réservé aux participants",
    WAITING: "En attente de validation",
}
NOT_INDEXED, INDEXED = "non_indexe", "indexe"


def territories_in_order():
    return TerritoryPage.objects.order_by("title")


def sessions_in_order():
    return SessionPage.objects.order_by("number")


def themes_in_order():
    return Theme.objects.order_by("name")


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ResourceFilterSet(DocumentsFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Resource.Kind.choices, empty_label="Tous les types"
    )
    session = django_filters.ModelChoiceFilter(
        label="Séance", queryset=sessions_in_order(), empty_label="Toutes les séances"
    )
    territory = django_filters.ModelChoiceFilter(
        label="Territoire",
        field_name="territories",
        queryset=territories_in_order(),
        empty_label="Tous les territoires",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Thème", field_name="themes", queryset=themes_in_order(), empty_label="Tous"
    )
    diffusion = django_filters.ChoiceFilter(
        label="Diffusion",
        choices=list(DIFFUSION_LABELS.items()),
        method="filter_diffusion",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Réservé : les participants et l’équipe. En attente : l’équipe seule, "
        "jusqu’à la validation par un responsable de publication.",
    )
    text = django_filters.ChoiceFilter(
        label="Texte du fichier",
        choices=[(NOT_INDEXED, "Texte non indexé"), (INDEXED, "Texte indexé")],
        method="filter_text",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Non indexé : le site n’a pas pu lire le texte du fichier (ou pas encore) ; "
        "la recherche ne trouve ce document que par son titre, sa description et ses "
        "métadonnées.",
    )

    def filter_diffusion(self, queryset, name, value):
        if value == WAITING:
            return queryset.filter(released_at__isnull=True)
        released = queryset.filter(released_at__isnull=False)
        hidden = hidden_collections_q(anyone(self.request))
        if value == PUBLIC:
            return released.exclude(hidden)
        if value == RESERVED:
            return released.filter(hidden)
        return queryset

    def filter_text(self, queryset, name, value):
        if value == INDEXED:
            return queryset.filter(text_status=Resource.TextStatus.INDEXED)
        if value == NOT_INDEXED:
            return queryset.exclude(text_status=Resource.TextStatus.INDEXED)
        return queryset

    class Meta(DocumentsFilterSet.Meta):
        model = Resource


def with_listing_columns(documents, request):
    """What the listing's columns read, for every row at once: the session, the collection,
    the territories and themes (prefetched), the downloads (summed), and whether anyone may
    see the collection; the file's text and search vector are not read."""
    downloads = (
        DownloadCount.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return (
        documents.for_listing()
        .select_related("collection", "session")
        .prefetch_related(
            Prefetch("territories", queryset=TerritoryPage.objects.only("id", "title")),
            Prefetch("themes", queryset=Theme.objects.only("id", "name")),
        )
        .annotate(
            downloads=Coalesce(Subquery(downloads, output_field=IntegerField()), Value(0)),
            in_public_collection=ExpressionWrapper(
                ~Q(hidden_collections_q(anyone(request))), output_field=BooleanField()
            ),
        )
    )


def diffusion_of(document):
    if document.released_at is None:
        return WAITING
    return PUBLIC if document.in_public_collection else RESERVED


class PreviewColumn(Column):
    """The first page's thumbnail (PDFs), served by documents.views.preview with the
    document's privacy; an icon for files without one."""

    cell_template_name = "documents/admin/cells/preview.html"

    class Media:
        css = {"all": ["documents/admin.css"]}


class DocumentTitleColumn(TitleColumn):
    """The title, linked to the edit form; below it, « Texte non indexé » when the site could
    not read the file's text (the search then finds the document by its description and
    metadata only)."""

    cell_template_name = "documents/admin/cells/title.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["not_indexed"] = instance.text_status != Resource.TextStatus.INDEXED
        return context


class LinksColumn(Column):
    """Territories and themes, from the prefetched rows (with_listing_columns)."""

    cell_template_name = "documents/admin/cells/links.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["territories"] = names(instance.territories.all(), "title")
        context["themes"] = names(instance.themes.all(), "name")
        return context


def names(rows, attribute):
    return sorted((getattr(row, attribute) for row in rows), key=str.casefold)


class DiffusionColumn(Column):
    cell_template_name = "documents/admin/cells/diffusion.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        state = diffusion_of(instance)
        context.update(state=state, label=DIFFUSION_LABELS[state], collection=instance.collection)
        return context


class ResourceIndexView(IndexView):
    """Wagtail's document listing, with the library's search and the editors' columns."""

    filterset_class = ResourceFilterSet
    page_title = "Documents"
    # Wagtail's, saying « no document matches » rather than « you have uploaded none » when
    # filters leave nothing.
    results_template_name = "documents/admin/index_results.html"

    def get_base_queryset(self):
        # Wagtail's: the documents this user may change or delete (their collections'
        # permissions), and the usage counts when sorted or filtered by them.
        return with_listing_columns(super().get_base_queryset(), self.request)

    def search_queryset(self, queryset):
        """The library's search (documents.library.matching_text): a word in the
        description or in the file finds the document, as on /ressources/. Ordered by
        relevance unless a column's order was asked for."""
        query = clean_query(self.search_query)
        if not query:
            return queryset
        queryset = matching_text(queryset, query)
        if not self.is_explicitly_ordered and connection.vendor == "postgresql":
            queryset = queryset.annotate(relevance=text_rank(query)).order_by(
                "-relevance", "title", "pk"
            )
        return queryset

    @cached_property
    def columns(self):
        # Readable at 1280 px beside the menu: Wagtail's « File » (the title links to the
        # form, which has the file) and « Usage » (on the form too) make room for the
        # editors' metadata.
        return [
            BulkActionsColumn("bulk_actions"),
            PreviewColumn("preview", label="Aperçu", classname="document-preview"),
            DocumentTitleColumn(
                "title",
                label="Titre",
                sort_key="title",
                get_url=self.get_edit_url,
                get_title_id=lambda doc: f"document_{quote(doc.pk)}_title",
                classname="document-title",
            ),
            Column("kind", label="Type", accessor="get_kind_display", sort_key="kind"),
            Column(
                "session",
                label="Séance",
                accessor="session.label",
                classname="document-session",
            ),
            LinksColumn("links", label="Territoires et thèmes", classname="document-links-cell"),
            DiffusionColumn("diffusion", label="Diffusion"),
            Column(
                "downloads",
                # Hyphenated where the column is narrow.
                label="Télé\u00adchargements",
                sort_key="downloads",
                classname="document-number",
            ),
            DateColumn("created_at", label="Ajouté", sort_key="created_at"),
        ]

    def decorate_paginated_queryset(self, object_list):
        # Wagtail reads the usage counts of the page for its « Usage » column, not shown here
        # (sorting and filtering by usage still annotate them: get_base_queryset).
        return object_list


# The chooser (the « Choisir un document » window of page editors and rich text).


class ChooserFilterForm(CollectionFilterMixin, BaseFilterForm):
    """Wagtail's chooser filters (collection, words), with the library's search."""

    q = forms.CharField(
        label="Rechercher",
        widget=forms.TextInput(attrs={"placeholder": "Rechercher"}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = clean_query(self.cleaned_data.get("q"))
        if query:
            objects = matching_text(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class ChooserSearchMixin:
    def get_filter_form_class(self):
        return ChooserFilterForm


class ResourceChooseView(ChooserSearchMixin, DocumentChooseView):
    pass


class ResourceChooseResultsView(ChooserSearchMixin, DocumentChooseResultsView):
    pass


# Bulk actions: set the session, the territories, the themes.

EDITOR_NOTE = (
    "Vous êtes éditeur : les documents validés que vous modifiez ici repassent en attente de "
    "validation, comme avec le formulaire d’un document. Ils disparaissent du site (public et "
    "participants) jusqu’à ce qu’un responsable de publication les valide à nouveau."
)
PUBLISHER_NOTE = (
    "Vous êtes responsable de publication : ces modifications ne changent pas l’état des "
    "documents (un document validé le reste, un document en attente aussi)."
)
NOT_ALLOWED = (
    "{count} des documents choisis ne sont pas modifiables avec vos droits : ils n’ont pas été "
    "modifiés."
)
NOTHING_ALLOWED = (
    "Aucun document n’a été modifié : vous ne pouvez modifier aucun des documents choisis."
)


def plural(count, singular, plural_form=None):
    return singular if count == 1 else (plural_form or singular + "s")


class ListingSelectionMixin:
    """For the document bulk actions: Wagtail's « select all in the listing » takes the
    listing's filters as well as its search (Wagtail's own selection keeps only the search, so
    « Valider » after filtering on a session would offer every waiting document)."""

    def get_all_objects_in_listing_query(self, parent_id):
        """« Select all in the listing »: Wagtail's script sends the listing's parameters;
        the documents are those the listing shows (its filters and its search, not only
        Wagtail's search), among those this user may change."""
        objects = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        if parent_id is not None:
            objects = objects.filter(collection_id=parent_id)
        if any(key.startswith("usage_count") for key in self.request.GET):
            objects = objects.annotate(usage_count=ReferenceIndex.usage_count_subquery(Resource))
        filters = ResourceFilterSet(self.request.GET, queryset=objects, request=self.request)
        if filters.is_valid():
            objects = filters.qs
        objects = matching_text(objects, clean_query(self.request.GET.get("q")))
        return objects.values_list("pk", flat=True)


class DescribeBulkAction(ListingSelectionMixin, DocumentBulkAction):
    """Sets one part of the ticked documents' description. Only the documents this user may
    change (Wagtail's permission policy, per document; a forged id of another is left alone
    and named in a message); an editor's change of a released document puts it back to
    waiting (documents.release.mark_waiting), a publisher's keeps its state."""

    template_name = "documents/admin/confirm_bulk_describe.html"
    action_priority = 40
    heading = ""
    fields_label = ""

    def check_perm(self, document):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", document
        )

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Wagtail's get_list_or_404 fails with a 500 on an id that is not a number.
        ids = [value for value in object_ids if str(value).isdigit()]
        return list(model.objects.for_listing().filter(pk__in=ids).order_by("title"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prefix": "description"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading,
            review_note=PUBLISHER_NOTE if can_release(self.request.user) else EDITOR_NOTE,
            released_count=sum(1 for item in context["items"] if item["item"].released_at),
            no_access_count=len(context["items_with_no_access"]),
        )
        return context

    def prepare_action(self, objects, objects_without_access):
        refused = objects_without_access["items_with_no_access"]
        if refused and not objects:
            messages.error(self.request, NOTHING_ALLOWED)
            return redirect(self.next_url)
        if refused:
            messages.error(self.request, NOT_ALLOWED.format(count=len(refused)))
        return None

    def get_execution_context(self):
        return {"user": self.request.user, "values": self.cleaned_form.cleaned_data}

    @classmethod
    def change(cls, document, values):
        """Apply the form's values to one document; whether anything changed."""
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, user=None, values=None, **kwargs):
        """(documents changed, of which back to waiting)."""
        may_release = can_release(user)
        changed = withdrawn = 0
        for document in objects:
            if not cls.change(document, values):
                continue
            changed += 1
            if document.released_at is not None and not may_release:
                mark_waiting(document)
                document.save(update_fields=["released_at", "released_by"])
                withdrawn += 1
            document.refresh_search_vector()  # its metadata words (Resource.metadata_text)
        return changed, withdrawn

    def get_success_message(self, num_parent_objects, num_child_objects):
        changed, withdrawn = num_parent_objects, num_child_objects
        if not changed:
            return "Aucun document n’a changé : ils étaient déjà ainsi décrits."
        message = f"{changed} {plural(changed, 'document modifié', 'documents modifiés')}."
        if withdrawn:
            message += (
                f" {withdrawn} {plural(withdrawn, 'repasse', 'repassent')} en attente de "
                "validation : invisible" + ("s" if withdrawn > 1 else "") + " hors de l’équipe "
                "jusqu’à la validation d’un responsable de publication."
            )
        return message


class SessionForm(forms.Form):
    session = SessionChoiceField(
        label="Séance",
        queryset=sessions_in_order(),
        required=False,
        empty_label="Aucune séance",
        help_text="« Aucune séance » retire la séance des documents choisis.",
    )


class SetSessionBulkAction(DescribeBulkAction):
    display_name = "Séance"
    action_type = "choisir_seance"
    aria_label = "Choisir la séance des documents sélectionnés"
    heading = "Choisir la séance des documents"
    form_class = SessionForm

    @classmethod
    def change(cls, document, values):
        session = values["session"]
        if document.session_id == (session.pk if session else None):
            return False
        document.session = session
        document.save(update_fields=["session"])
        return True


ADD, REPLACE = "ajouter", "remplacer"


class LinksForm(forms.Form):
    """Ticked rows of a many-to-many link, added to the documents' or in place of them."""

    field_label = ""
    queryset = None
    nothing_ticked = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rows"] = forms.ModelMultipleChoiceField(
            label=self.field_label,
            queryset=self.queryset(),
            required=False,
            widget=LinkCheckboxes,
        )
        self.fields["mode"] = forms.ChoiceField(
            label="Les documents choisis",
            choices=[
                (ADD, "gardent les leurs, et reçoivent en plus ceux cochés"),
                (REPLACE, "n’ont plus que ceux cochés (aucun coché : ils n’en ont plus)"),
            ],
            initial=ADD,
            widget=forms.RadioSelect,
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("mode") == ADD and not cleaned_data.get("rows"):
            raise forms.ValidationError(self.nothing_ticked)
        return cleaned_data


class TerritoriesForm(LinksForm):
    field_label = "Territoires"
    queryset = staticmethod(territories_in_order)
    nothing_ticked = "Cochez au moins un territoire à ajouter."


class ThemesForm(LinksForm):
    field_label = "Thèmes"
    queryset = staticmethod(themes_in_order)
    nothing_ticked = "Cochez au moins un thème à ajouter."


class SetLinksBulkAction(DescribeBulkAction):
    link = ""  # the many-to-many field

    @classmethod
    def change(cls, document, values):
        related = getattr(document, cls.link)
        before = set(related.values_list("pk", flat=True))
        ticked = {row.pk for row in values["rows"]}
        after = before | ticked if values["mode"] == ADD else ticked
        if after == before:
            return False
        related.set(after)
        return True


class SetTerritoriesBulkAction(SetLinksBulkAction):
    display_name = "Territoires"
    action_type = "choisir_territoires"
    aria_label = "Choisir les territoires des documents sélectionnés"
    heading = "Choisir les territoires des documents"
    form_class = TerritoriesForm
    link = "territories"


class SetThemesBulkAction(SetLinksBulkAction):
    display_name = "Thèmes"
    action_type = "choisir_themes"
    aria_label = "Choisir les thèmes des documents sélectionnés"
    heading = "Choisir les thèmes des documents"
    form_class = ThemesForm
    link = "themes"


BULK_ACTIONS = [SetSessionBulkAction, SetTerritoriesBulkAction, SetThemesBulkAction]


# Registration (imported by documents.wagtail_hooks).


class ResourceChooserViewSet(DocumentChooserViewSet):
    """Wagtail's document chooser, with the library's search: its views only, under
    Wagtail's names (it is not registered; its two addresses are, before Wagtail's)."""

    choose_view_class = ResourceChooseView
    choose_results_view_class = ResourceChooseResultsView


@hooks.register("register_admin_urls", order=-100)
def register_listing_urls():
    """Before Wagtail's own addresses of documents (order), which then never answer these
    paths: the listing and the chooser's list."""
    chooser = ResourceChooserViewSet(
        "wagtaildocs_chooser", model=get_document_model_string(), url_prefix="documents/chooser"
    )
    return [
        path("documents/", ResourceIndexView.as_view(), name="documents_admin_index"),
        path(
            "documents/results/",
            ResourceIndexView.as_view(results_only=True),
            name="documents_admin_index_results",
        ),
        path("documents/chooser/", chooser.choose_view, name="documents_admin_chooser"),
        path(
            "documents/chooser/results/",
            chooser.choose_results_view,
            name="documents_admin_chooser_results",
        ),
    ]


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
