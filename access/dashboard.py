"""The dashboard's workflow panels: « À relire » for the reviewers and publishers (Wagtail's
« Awaiting your review », whose first comparison is with the published version), and
« Modifications demandées » for an author: their pages and shared content sent back, with
the reviewer's comment, which Wagtail only says in the e-mail."""

from django.contrib.admin.utils import quote
from django.urls import reverse

from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from access.review import changes_requested_of, comparison_link, when, who


class ObjectsToReviewPanel(WorkflowObjectsToModeratePanel):
    template_name = "access/objects_to_review.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            state["comparison"] = comparison_link(state["obj"], state["revision"])
        return context


def edit_url_for(obj, user):
    """The edit form of this page or snippet, if this user may edit it; else None."""
    if isinstance(obj, Page):
        if obj.permissions_for_user(user).can_edit():
            return reverse("wagtailadmin_pages:edit", args=(obj.pk,))
        return None
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is None or not viewset.permission_policy.user_has_permission_for_instance(
        user, "change", obj
    ):
        return None
    return reverse(viewset.get_url_name("edit"), args=(quote(obj.pk),))


class ChangesRequestedPanel(Component):
    name = "modifications_demandees"
    order = 210  # just before the reviewers' panel
    template_name = "access/changes_requested_panel.html"

    def __init__(self, user):
        self.user = user

    def rows(self):
        for state in changes_requested_of(self.user):
            obj = state.content_object
            if obj is None:
                continue
            if isinstance(obj, Page):
                obj = obj.specific
            url = edit_url_for(obj, self.user)
            task_state = state.current_task_state
            if url is None or task_state is None:
                continue
            yield {
                "title": get_latest_str(obj),
                "kind": obj._meta.verbose_name,
                "edit_url": url,
                "by": who(task_state.finished_by),
                "on": when(task_state.finished_at),
                "step": task_state.task.name,
                "comment": task_state.get_comment().strip(),
            }

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = list(self.rows())
        return context
