"""The participants' side of the deposits (documents.deposits), under their area: deposit a
document, « Mes dépôts », correct or withdraw a deposit that waits.

Routes of the area page (home.models.ParticipantsAreaPage), which hands them here: they are
as private as the area (Wagtail checks its view restriction before the route runs) and carry
its menu and breadcrumbs. Each view checks again who may act: an active participant, for
their own territories and their own deposits; anyone else gets the area's own answer or a
French explanation, never someone else's deposit (a 404, the same as a missing one).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from documents import deposits
from documents.forms import DepositForm, DepositMetadataForm
from documents.models import Deposit, LibraryPage
from sessions.models import SessionPage

NOT_A_PARTICIPANT = (
    "Le dépôt de documents est réservé aux participants de la formation-action. L’équipe "
    "ajoute ses documents depuis l’administration du site."
)
NO_TERRITORY = (
    "Votre compte n’est rattaché à aucune équipe de territoire : vous ne pouvez pas encore "
    "déposer de document. Les éditeurs du site peuvent le relier à votre fiche."
)
NO_LONGER_CHANGEABLE = (
    "Ce dépôt a été accepté : il appartient désormais au groupe, et seule l’équipe peut le "
    "modifier."
)


def _render(request, area, template, title, context, status=200):
    response = TemplateResponse(
        request,
        template,
        {"page": area, "self": area, "subpage_title": title, "request": request, **context},
        status=status,
    )
    # Personal: never in a shared cache.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def _refusal(request, area, reason):
    return _render(
        request,
        area,
        "documents/deposits/refused.html",
        "Déposer un document",
        {"reason": reason, "mine_url": area.url + area.reverse_subpage("my_deposits")},
        status=403,
    )


def _form_kwargs(request):
    return {
        "territories": deposits.territories_of(request.user, request).order_by("title"),
        "sessions": SessionPage.visible_in(request),
    }


def deposit_view(area, request):
    """/espace-participants/deposer/: the form, with the quota used so far."""
    user = request.user
    if not deposits.is_participant(user):
        return _refusal(request, area, NOT_A_PARTICIPANT)
    kwargs = _form_kwargs(request)
    territories = list(kwargs["territories"])
    if not territories:
        return _refusal(request, area, NO_TERRITORY)
    if request.method == "POST":
        form = DepositForm(request.POST, request.FILES, user=user, **kwargs)
        if form.is_valid():
            try:
                record = deposits.deposit(form, user)
            except deposits.OverQuota as over:
                form.add_error("file", str(over))
            else:
                messages.success(
                    request,
                    f"Votre document « {record.document.title} » est déposé. Il attend la "
                    "validation de l’équipe : d’ici là, vous seul et l’équipe le voyez.",
                )
                return redirect(area.url + area.reverse_subpage("my_deposits"))
    else:
        form = DepositForm(user=user, initial={"territory": territories[0]}, **kwargs)
    return _render(
        request,
        area,
        "documents/deposits/deposit_form.html",
        "Déposer un document",
        {
            "form": form,
            "quota": deposits.participant_quota(user),
            "territory_quotas": [
                (t, deposits.territory_quota(t, request.user)) for t in territories
            ],
            "mine_url": area.url + area.reverse_subpage("my_deposits"),
        },
    )


def my_deposits_view(area, request):
    """/espace-participants/mes-depots/: this user's deposits, in every state, newest
    first; the only place where a participant sees a document not yet released."""
    user = request.user
    if not deposits.is_participant(user):
        return _refusal(request, area, NOT_A_PARTICIPANT)
    mine = list(
        Deposit.objects.filter(depositor=user)
        .select_related("document", "territory")
        .defer("document__extracted_text", "document__search_vector")
        .order_by("-deposited_at", "-pk")
    )
    for record in mine:
        record.change_url = area.url + area.reverse_subpage("change_deposit", args=[record.pk])
        record.withdraw_url = area.url + area.reverse_subpage("withdraw_deposit", args=[record.pk])
        record.page_url = (
            LibraryPage.document_page_url(record.document, request) if record.is_accepted else ""
        )
    return _render(
        request,
        area,
        "documents/deposits/my_deposits.html",
        "Mes dépôts",
        {
            "deposits": mine,
            "quota": deposits.participant_quota(user),
            "deposit_url": area.url + area.reverse_subpage("deposit"),
            "area": area,
        },
    )


def _own_deposit(request, pk):
    """This user's deposit, or a 404 (someone else's and a missing one look alike)."""
    record = (
        Deposit.objects.filter(pk=pk, depositor=request.user)
        .select_related("document", "territory")
        .first()
    )
    if record is None:
        raise Http404("Dépôt introuvable.")
    return record


def _changeable_deposit(area, request, pk):
    """(the user's own deposit, the address of their deposits, None), or a refusal as the
    third item: not a participant, or a deposit already accepted (the group's now). Another
    person's deposit, or none, is a 404."""
    if not deposits.is_participant(request.user):
        return None, None, _refusal(request, area, NOT_A_PARTICIPANT)
    record = _own_deposit(request, pk)
    mine_url = area.url + area.reverse_subpage("my_deposits")
    if not record.author_may_change:
        messages.info(request, NO_LONGER_CHANGEABLE)
        return record, mine_url, redirect(mine_url)
    return record, mine_url, None


def change_view(area, request, pk):
    """Correct a deposit that waits (or was refused: it goes back to the staff)."""
    record, mine_url, refusal = _changeable_deposit(area, request, pk)
    if refusal is not None:
        return refusal
    kwargs = _form_kwargs(request)
    document = record.document
    if request.method == "POST":
        form = DepositMetadataForm(request.POST, instance=document, **kwargs)
        if form.is_valid():
            was_refused = record.is_refused
            try:
                deposits.correct(form, record)
            except deposits.NoLongerChangeable:
                messages.info(request, NO_LONGER_CHANGEABLE)
                return redirect(mine_url)
            except deposits.OverQuota as over:
                form.add_error("territory", str(over))
            else:
                messages.success(
                    request,
                    f"« {document.title} » est corrigé"
                    + (" et proposé à nouveau à l’équipe." if was_refused else "."),
                )
                return redirect(mine_url)
    else:
        form = DepositMetadataForm(
            instance=document, initial={"territory": record.territory_id}, **kwargs
        )
    return _render(
        request,
        area,
        "documents/deposits/change_form.html",
        "Corriger un dépôt",
        {"form": form, "deposit": record, "mine_url": mine_url},
    )


def withdraw_view(area, request, pk):
    """Withdraw a deposit that waits or was refused: a confirmation, then the POST."""
    record, mine_url, refusal = _changeable_deposit(area, request, pk)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        title = record.document.title
        try:
            deposits.withdraw(record)
        except deposits.NoLongerChangeable:
            messages.info(request, NO_LONGER_CHANGEABLE)
            return redirect(mine_url)
        messages.success(
            request, f"« {title} » est retiré : le document et son fichier sont supprimés."
        )
        return redirect(mine_url)
    return _render(
        request,
        area,
        "documents/deposits/withdraw_confirm.html",
        "Retirer un dépôt",
        {"deposit": record, "mine_url": mine_url},
    )
