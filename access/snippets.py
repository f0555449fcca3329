"""The admin of the shared snippets under the editorial workflow (organisations, people,
places, themes): Wagtail's snippet views, with the refusals and messages of access.review.

- Two people editing the same snippet: the second to save is not allowed to overwrite the
  first one's revision without knowing it. The form comes back with what they typed (nothing
  lost) and a message saying who saved and when; the other's version is kept as a revision.
- A reviewer or a publisher acting on a step of the workflow that is over (the snippet was
  published meanwhile, sent back to the editor, or another approver acted first), or
  approving a version changed since it was submitted: nothing is approved nor published,
  and the message says why.
- The author sees the changes asked of them on the form; a reviewer, what to compare.

Each app registers its snippets with `SharedContentViewSet` (or a subclass).
"""

from wagtail.snippets.views.snippets import (
    EditView,
    HistoryView,
    SnippetViewSet,
    WorkflowActionView,
)

from access.review import (
    PAST_SCHEDULE_TITLE,
    SAVED_MEANWHILE_TITLE,
    ReviewHistoryMixin,
    ReviewStepMixin,
    announce_review_state,
    past_schedule_error,
    saved_meanwhile,
    saved_meanwhile_message,
)


class SharedContentEditView(EditView):
    def get(self, request, *args, **kwargs):
        if self.revision_enabled:
            announce_review_state(request, self.object)
        return super().get(request, *args, **kwargs)

    def is_valid(self, form):
        if self.expects_json_response:
            return super().is_valid(form)
        valid = super().is_valid(form)  # the form's own errors are shown in any case
        latest = self.object.latest_revision if self.revision_enabled else None
        if saved_meanwhile(self.request.POST, latest):
            form.add_error(None, saved_meanwhile_message(self.object, latest))
            self.produced_error_code = "invalid_revision"
            self.produced_error_message = SAVED_MEANWHILE_TITLE
            return False
        if valid and (error := past_schedule_error(form)):
            form.add_error(None, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = PAST_SCHEDULE_TITLE
            return False
        return valid


class SharedContentWorkflowActionView(ReviewStepMixin, WorkflowActionView):
    pass


class SharedContentHistoryView(ReviewHistoryMixin, HistoryView):
    pass


class SharedContentViewSet(SnippetViewSet):
    edit_view_class = SharedContentEditView
    workflow_action_view_class = SharedContentWorkflowActionView

    history_view_class = SharedContentHistoryView
