"""A participant's own entry in the directory, edited from the public site (/compte/annuaire/).

The page edits the person linked to the logged-in account, and only that one: no address or
field names a person, so no other entry can be reached by changing a number.

Two kinds of fields, two paths:
- the contact fields of the directory (phone, whether the e-mail is shown to the other
  participants) are the person's own and shown only in the participants' area: they apply at
  once, on the row (Person.CONTACT_FIELDS, which revisions never bring back);
- name, role, job title, organisation and service are shown on public territory pages: a
  change becomes a draft revision submitted to the editorial workflow, as an editor's change
  of the snippet would, and is public only once the staff have published it. The draft is
  built on the latest revision, so a draft an editor is working on is not thrown away.
"""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from people.models import Organisation, Person

PUBLIC_FIELDS = ("first_name", "last_name", "role", "job_title", "organisation", "service")
PHONE_CHARACTERS = re.compile(r"^[0-9+().\s\u00a0-]*$")
NBSP = "\u00a0"


class DirectoryEntryForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    role = forms.ChoiceField(label="Rôle dans la formation-action", choices=Person.Role.choices)
    job_title = forms.CharField(
        label="Fonction", max_length=255, required=False, help_text="L’intitulé de votre poste."
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(live=True),
        required=False,
        empty_label="(aucune)",
        help_text="Si la vôtre manque, écrivez à l’équipe du site : elle l’ajoutera.",
    )
    service = forms.CharField(
        label="Service", max_length=255, required=False, help_text="Par exemple « service DSU »."
    )
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        help_text="Facultatif. Montré aux seuls participants, dans l’annuaire.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    show_email = forms.BooleanField(
        label="Montrer mon adresse électronique aux autres participants",
        required=False,
        help_text="Sans votre accord, l’annuaire ne la montre pas. Vous pouvez changer d’avis "
        "à tout moment.",
    )

    def __init__(self, *args, current_organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Published organisations, and the person's own even while it is a draft (choosing
        # among the published ones must not drop it unseen).
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(live=True) | Q(pk=current_organisation)
        )
        for field in self.fields.values():
            field.error_messages["required"] = "Ce champ est obligatoire."
        self.fields["role"].error_messages["invalid_choice"] = "Choisissez un rôle de la liste."
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "Choisissez une organisation de la liste."
        )

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 6 <= len(digits) <= 15):
            raise forms.ValidationError(
                f"Ce numéro n’est pas lisible{NBSP}: des chiffres, des espaces, et « + » pour "
                "l’indicatif, par exemple 04 76 00 00 00 ou +33 4 76 00 00 00."
            )
        return phone

    @property
    def public_fields(self):
        return [self[name] for name in PUBLIC_FIELDS]

    @property
    def contact_fields(self):
        return [self[name] for name in Person.CONTACT_FIELDS]


def initial_of(draft, row):
    initial = {name: getattr(draft, name) for name in PUBLIC_FIELDS if name != "organisation"}
    initial["organisation"] = draft.organisation_id
    initial.update({name: getattr(row, name) for name in Person.CONTACT_FIELDS})
    return initial


def submit_for_review(row, draft, user):
    """Save `draft` as the person's latest revision and send it through the editorial
    workflow; a submission still waiting is replaced by this one (the reviewers see the
    latest version, never an older one approved by mistake)."""
    draft.save_revision(user=user, log_action=True)
    workflow = row.get_workflow()
    if workflow is None:
        return False
    state = row.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow.start(row, user)
    return True


@login_required
def directory_entry(request):
    row = getattr(request.user, "person", None)
    if row is None:
        return TemplateResponse(request, "accounts/directory_entry_missing.html", status=404)
    draft = row.get_latest_revision_as_object()
    options = {"initial": initial_of(draft, row), "current_organisation": draft.organisation_id}
    if request.method == "POST":
        form = DirectoryEntryForm(request.POST, **options)
        if form.is_valid():
            return save_entry(request, form)
    else:
        form = DirectoryEntryForm(**options)
    return TemplateResponse(
        request,
        "accounts/directory_entry.html",
        {
            "form": form,
            "person": row,
            "waiting": row.has_unpublished_changes,
        },
    )


def save_entry(request, form):
    data = form.cleaned_data
    with transaction.atomic():
        # Read again under a lock: two submissions at once apply one after the other.
        row = Person.objects.select_for_update().get(pk=request.user.person.pk)
        draft = row.get_latest_revision_as_object()
        contact = {name: data[name] for name in Person.CONTACT_FIELDS}
        contact_changed = any(getattr(row, name) != value for name, value in contact.items())
        if contact_changed:
            Person.objects.filter(pk=row.pk).update(**contact)
            messages.success(request, "Vos coordonnées dans l’annuaire sont enregistrées.")
        public = {name: data[name] for name in PUBLIC_FIELDS}
        changed = [name for name, value in public.items() if getattr(draft, name) != value]
        if changed:
            if row.locked and row.locked_by_id != request.user.pk:
                messages.error(
                    request,
                    "Votre fiche est en cours de modification par l’équipe du site : le "
                    "changement de nom, de rôle ou d’organisation n’a pas été transmis. "
                    "Réessayez plus tard.",
                )
                return redirect("directory_entry")
            for name, value in public.items():
                setattr(draft, name, value)
            if submit_for_review(row, draft, request.user):
                messages.success(
                    request,
                    "Votre changement de nom, de rôle ou d’organisation est transmis à l’équipe "
                    "du site : il paraîtra sur les pages publiques après sa validation.",
                )
            else:
                messages.success(
                    request,
                    "Votre changement de nom, de rôle ou d’organisation est enregistré : il "
                    "paraîtra sur le site quand l’équipe l’aura publié.",
                )
        if not changed and not contact_changed:
            messages.info(request, "Rien n’a changé dans votre fiche.")
    return redirect("directory_entry")
