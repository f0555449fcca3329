"""The admin of the shared snippets under the editorial workflow (organisations, people,
places, themes): Wagtail's snippet views, with two refusals said plainly in French.

- Two people editing the same snippet: the second to save is not allowed to overwrite the
  first one's revision without knowing it. The form comes back with what they typed (nothing
  lost) and a message saying what happened; the other's version is kept as a revision.
- A reviewer or a publisher acting on a step of the workflow that is over (the snippet was
  published meanwhile, sent back to the editor, or another approver acted first): nothing is
  approved nor published, and the message says why.

Each app registers its snippets with `SharedContentViewSet` (or a subclass).
"""

from django.shortcuts import redirect

from wagtail.admin import messages
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, WorkflowActionView

SAVED_MEANWHILE = (
    "Quelqu’un d’autre a enregistré cette fiche pendant que vous la modifiiez. Vos "
    "modifications n’ont pas été enregistrées, pour ne pas effacer les siennes : elles sont "
    "toujours dans le formulaire ci-dessous. Ouvrez la fiche dans un autre onglet (ou son "
    "historique) pour voir la dernière version, reportez-y vos changements, puis enregistrez."
)
SAVED_MEANWHILE_TITLE = (
    "La fiche n’a pas été enregistrée : elle a changé depuis que vous l’avez ouverte."
)

STEP_IS_OVER = (
    "« {title} » : cette étape de la validation est déjà terminée (la fiche a été publiée, "
    "renvoyée à l’éditeur ou validée par quelqu’un d’autre depuis que vous l’avez ouverte). "
    "Rien n’a été validé ni publié. Voici la fiche dans son état actuel."
)


class SharedContentEditView(EditView):
    def saved_by_someone_else(self):
        """Whether a revision was saved after the one this form was loaded with. Wagtail's
        form sends the revision it was loaded with; Wagtail itself only checks it for
        autosaves."""
        if not self.revision_enabled or "loaded_revision_id" not in self.request.POST:
            return False
        latest = self.object.latest_revision
        if latest is None:
            return False
        if self.request.POST.get("loaded_revision_id") != str(latest.pk):
            return True
        loaded_at = self.request.POST.get("loaded_revision_created_at", "")
        return bool(loaded_at) and loaded_at != latest.created_at.isoformat()

    def is_valid(self, form):
        if self.expects_json_response or not self.saved_by_someone_else():
            return super().is_valid(form)
        super().is_valid(form)  # the form's own errors are shown too
        form.add_error(None, SAVED_MEANWHILE)
        self.produced_error_code = "invalid_revision"
        self.produced_error_message = SAVED_MEANWHILE_TITLE
        return False


class SharedContentWorkflowActionView(WorkflowActionView):
    def step_is_over(self):
        """The task state acted on is not the snippet's current step, still in progress."""
        state = self.object.current_workflow_state
        current = state.current_task_state if state is not None else None
        return (
            current is None
            or current.pk != self.task_state.pk
            or self.task_state.status != self.task_state.STATUS_IN_PROGRESS
        )

    def add_not_in_moderation_error(self):
        messages.error(self.request, STEP_IS_OVER.format(title=self.object))

    def dispatch(self, request, *args, **kwargs):
        if self.step_is_over():
            self.add_not_in_moderation_error()
            return redirect(self.redirect_url)
        return super().dispatch(request, *args, **kwargs)


class SharedContentViewSet(SnippetViewSet):
    edit_view_class = SharedContentEditView
    workflow_action_view_class = SharedContentWorkflowActionView
