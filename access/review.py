"""What the editorial workflow's admin checks and says, for pages and shared snippets alike
(access.pages, access.snippets): the same refusals and the same words whatever is reviewed.

- A stale form: someone else saved the page or the snippet after this form was loaded.
  Wagtail 8 checks the revision a form was loaded with for autosaves only; a plain save, a
  submission, a publication or a workflow action from a stale form would overwrite the other
  person's version without a word. It is refused instead, naming who saved and when; the
  form comes back with what was typed.
- A step that is over: a reviewer or a publisher acting from an old link (the content was
  published meanwhile, sent back to the editor, or another approver acted first), or approving
  a version that someone changed after it was submitted. Nothing is approved nor published.
- A publication scheduled in the past: Wagtail would publish at once on approval.
- Changes requested: the reviewer's comment, which Wagtail only puts in the e-mail and in a
  side panel, said plainly to the person who submitted.
- What a reviewer compares: the submitted version with the published one, not with the
  draft saved just before the submission (identical, so « aucune différence »).
"""

from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.history import ActionColumn
from wagtail.models import Page, TaskState, WorkflowState


def when(moment):
    """« 11 décembre 2014 à 18 h 06 » (« 1er décembre »), in the site's time zone."""
    moment = timezone.localtime(moment)
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} " + date_format(moment, r"F Y à H \h i")


def who(user):
    return get_user_display_name(user) if user is not None else "quelqu’un"


def noun(obj):
    """« cette page » or « cette fiche » (a snippet): both feminine, so the sentences agree."""
    return "cette page" if isinstance(obj, Page) else "cette fiche"


# A stale form


def saved_meanwhile(post, latest_revision):
    """Whether a revision was saved after the one this form was loaded with (Wagtail's edit
    forms send `loaded_revision_id` and `loaded_revision_created_at`)."""
    if latest_revision is None or "loaded_revision_id" not in post:
        return False
    if post.get("loaded_revision_id") != str(latest_revision.pk):
        return True
    loaded_at = post.get("loaded_revision_created_at", "")
    return bool(loaded_at) and loaded_at != latest_revision.created_at.isoformat()


def saved_meanwhile_message(obj, latest_revision):
    return (
        f"{who(latest_revision.user)} a enregistré {noun(obj)} le "
        f"{when(latest_revision.created_at)}, pendant que vous l’aviez ouverte. Rien n’a été "
        "enregistré, soumis, validé ni publié depuis votre formulaire, pour ne pas effacer sa "
        "version : vos modifications sont toujours dans le formulaire ci-dessous. Ouvrez "
        f"{noun(obj)} dans un autre onglet (ou son historique) pour voir la dernière version, "
        "reportez-y vos changements, puis enregistrez."
    )


SAVED_MEANWHILE_TITLE = (
    "Rien n’a été enregistré : le contenu a changé depuis que vous l’avez ouvert."
)
PAST_SCHEDULE_TITLE = "Rien n’a été enregistré : la date de publication programmée est passée."


# A step that is over


def step_is_over(obj, task_state):
    """The task state acted on is not the object's current step, still in progress."""
    state = obj.current_workflow_state
    current = state.current_task_state if state is not None else None
    return (
        current is None
        or current.pk != task_state.pk
        or task_state.status != TaskState.STATUS_IN_PROGRESS
    )


def step_is_over_message(obj):
    return (
        f"« {obj} » : cette étape de la validation est déjà terminée (le contenu a été "
        "publié, renvoyé à l’éditeur ou validé par quelqu’un d’autre depuis que vous l’avez "
        "ouvert). Rien n’a été validé ni publié. Voici son état actuel."
    )


def changed_since_submission(obj, task_state, user):
    """The latest revision, if someone else saved one after the version this step is about:
    approving the step would publish a version the approver has not seen."""
    latest = obj.get_latest_revision()
    if latest is None or latest.pk == task_state.revision_id or latest.user_id == user.pk:
        return None
    return latest


def changed_since_submission_message(obj, latest_revision):
    return (
        f"« {obj} » a été modifiée par {who(latest_revision.user)} le "
        f"{when(latest_revision.created_at)}, après sa soumission. Rien n’a été validé ni "
        "publié : ouvrez-la pour relire la dernière version avant de la valider."
    )


# A publication scheduled in the past


def past_schedule_error(form):
    """The French error for a « publication programmée » date already past, when the form
    sets it (an old date kept from an earlier publication is left alone)."""
    if "go_live_at" not in form.changed_data:
        return None
    go_live_at = form.cleaned_data.get("go_live_at")
    if go_live_at is None or go_live_at > timezone.now():
        return None
    return (
        f"La date de publication programmée, le {when(go_live_at)}, est déjà passée : "
        "rien n’a été enregistré. Choisissez une date à venir, ou videz ce champ pour que "
        "le contenu soit publié dès sa validation."
    )


# Changes requested


def changes_requested(obj):
    """The step that sent this object back to its author, if it is waiting for changes."""
    state = obj.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return state.current_task_state


def changes_requested_message(task_state):
    comment = task_state.get_comment().strip()
    said = f" : « {comment} »" if comment else " (sans commentaire)"
    return (
        f"Modifications demandées par {who(task_state.finished_by)} le "
        f"{when(task_state.finished_at)}{said}. Faites les changements, puis soumettez "
        "de nouveau : la relecture reprend à cette étape."
    )


def changes_requested_of(user):
    """The workflow states sent back to this user (who submitted them), newest first."""
    return (
        WorkflowState.objects.filter(requested_by=user, status=WorkflowState.STATUS_NEEDS_CHANGES)
        .select_related("current_task_state", "current_task_state__finished_by")
        .order_by("-current_task_state__finished_at")
    )


# What a reviewer compares


def comparison_base(obj, revision):
    """What the submitted `revision` is compared with: (revision id or "live", label), or
    None for content never published nor sent back (all of it is new)."""
    if getattr(obj, "live", False) and obj.live_revision_id:
        if obj.live_revision_id == revision.pk:
            return None
        return "live", "Voir les changements (par rapport à la version publiée)"
    earlier = (
        TaskState.objects.filter(
            workflow_state__in=WorkflowState.objects.for_instance(obj),
            status=TaskState.STATUS_REJECTED,
        )
        .exclude(revision=revision)
        .order_by("-finished_at")
        .values_list("revision_id", flat=True)
        .first()
    )
    if earlier is None:
        return None
    return earlier, "Voir les changements depuis la demande de modifications"


def compare_url_name(obj):
    if isinstance(obj, Page):
        return "wagtailadmin_pages:revisions_compare"
    return obj.snippet_viewset.get_url_name("revisions_compare")


def comparison_link(obj, revision):
    """(url, label) of the reviewer's comparison for `revision`, or None."""
    base = comparison_base(obj, revision)
    if base is None:
        return None
    try:
        url = reverse(compare_url_name(obj), args=(quote(obj.pk), base[0], revision.pk))
    except (AttributeError, NoReverseMatch):
        return None
    return url, base[1]


# In the views


def announce_review_state(request, obj):
    """On the edit form: to the author, the changes asked of them; to a reviewer of the
    current step, what to compare. Nobody else is told anything."""
    state = obj.current_workflow_state
    if state is None:
        return
    task_state = state.current_task_state
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        if task_state is not None and state.requested_by_id == request.user.pk:
            messages.warning(request, changes_requested_message(task_state))
        return
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    if not task_state.task.specific.get_actions(obj, request.user):
        return
    text = (
        f"{noun(obj).capitalize()} attend votre validation (étape « {task_state.task.name} »), "
        f"soumise par {who(state.requested_by)} le {when(state.created_at)}."
    )
    link = comparison_link(obj, task_state.revision)
    if link is None:
        messages.info(request, f"{text} Jamais publiée : l’aperçu la montre en entier.")
    else:
        messages.info(request, text, buttons=[messages.button(link[0], link[1])])


class ReviewStepMixin:
    """For Wagtail's workflow action views (pages and snippets): an action on a step that is
    over, or an approval of a version someone changed since, is refused with a message."""

    def refusal(self):
        if step_is_over(self.object, self.task_state):
            return step_is_over_message(self.object)
        if self.action_name == "approve":
            latest = changed_since_submission(self.object, self.task_state, self.request.user)
            if latest is not None:
                return changed_since_submission_message(self.object, latest)
        return None

    def add_not_in_moderation_error(self):
        messages.error(self.request, step_is_over_message(self.object))

    def dispatch(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.error(request, refusal)
            return redirect(self.redirect_url)
        return super().dispatch(request, *args, **kwargs)


class LiveComparisonActionColumn(ActionColumn):
    """The history's actions on a version, with « Comparer avec la version publiée » first
    for a version saved after the published one."""

    def get_actions(self, instance, parent_context):
        actions = super().get_actions(instance, parent_context)
        obj = self.object
        url_name = self.url_names.get("revisions_compare")
        if (
            actions
            and url_name
            and getattr(obj, "live", False)
            and obj.live_revision_id
            and instance.revision_id != obj.live_revision_id
            and instance.revision.created_at > obj.live_revision.created_at
        ):
            url = reverse(url_name, args=(quote(obj.pk), "live", instance.revision_id))
            compare = {"url": url, "label": "Comparer avec la version publiée"}
            position = next(
                (i for i, action in enumerate(actions) if "/compare/" in action["url"]),
                len(actions),
            )
            actions.insert(position, compare)
        return actions


class ReviewHistoryMixin:
    """For Wagtail's history views (pages and snippets): see LiveComparisonActionColumn."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        first = columns[0]
        columns[0] = LiveComparisonActionColumn(
            first.name,
            label=first.label,
            object=first.object,
            url_names=first.url_names,
            user_can_unschedule=first.user_can_unschedule,
        )
        return columns
