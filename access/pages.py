"""The admin of pages under the editorial workflow: Wagtail's page views (one viewset for
every page type, registered in access.wagtail_hooks), with the refusals and messages of
access.review, as for the shared snippets (access.snippets).

- A save, submission, publication or workflow action from an edit form loaded before someone
  else saved the page is refused, naming who saved and when; the form keeps what was typed.
- A workflow action from the edit form when the step it was loaded for is over (another
  approver acted, the page was published or sent back) is refused, not taken for a save.
- A workflow action from an old link (dashboard, e-mail) on a step that is over, or an
  approval of a version changed since it was submitted, publishes nothing.
- A publication scheduled in the past is refused (Wagtail would publish on approval).
- The author reads the changes asked of them on the edit form; a reviewer, what to compare.
- The history offers « Comparer avec la version publiée » for the versions since.
"""

from django.shortcuts import redirect

from wagtail.admin import messages
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.history import PageHistoryView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from access.review import (
    ReviewHistoryMixin,
    ReviewStepMixin,
    announce_review_state,
    past_schedule_error,
    saved_meanwhile,
    saved_meanwhile_message,
    step_is_over_message,
)


class ReviewedPageCreateView(CreateView):
    def form_valid(self, form):
        error = past_schedule_error(form)
        if error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return super().form_valid(form)


class ReviewedPageEditView(EditView):
    def get(self, request, *args, **kwargs):
        announce_review_state(request, self.page)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if (
            request.POST.get("action-workflow-action")
            and not self.expects_json_response
            and not self.page.alias_of_id
            and not self.workflow_action_is_valid()
        ):
            # Wagtail would quietly save the form instead of the action asked for.
            messages.error(request, step_is_over_message(self.page))
            return redirect(self.get_edit_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not self.expects_json_response:  # autosaves: Wagtail checks them itself
            if saved_meanwhile(self.request.POST, self.latest_revision):
                form.add_error(None, saved_meanwhile_message(self.page, self.latest_revision))
                return self.form_invalid(form)
            error = past_schedule_error(form)
            if error:
                form.add_error(None, error)
                return self.form_invalid(form)
        return super().form_valid(form)


class ReviewedPageWorkflowActionView(ReviewStepMixin, WorkflowActionView):
    pass


class ReviewedPageHistoryView(ReviewHistoryMixin, PageHistoryView):
    pass


class ReviewedPageViewSet(PageViewSet):
    """Every page type's admin views (no page type has its own viewset)."""

    model = Page
    add_view_class = ReviewedPageCreateView
    edit_view_class = ReviewedPageEditView
    workflow_action_view_class = ReviewedPageWorkflowActionView
    history_view_class = ReviewedPageHistoryView
