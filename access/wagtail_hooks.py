from django.http import Http404

from wagtail import hooks
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from access.dashboard import ChangesRequestedPanel, ObjectsToReviewPanel
from access.pages import ReviewedPageViewSet
from access.visibility import is_page_visible, read_served_restrictions


@hooks.register("before_serve_page", order=-1)
def answer_hidden_pages_as_missing(page, request, serve_args, serve_kwargs):
    """A page this user may not see answers exactly as a missing page does (404), for
    everyone: a login redirect, or a 403, would confirm that a restricted page stands at a
    guessed address. The 404 page offers visitors without an account the login form, which
    brings a participant back here.

    Runs before Wagtail's own check, with the site's rule (access.visibility), which also
    follows an alias to its source's section; Wagtail's check then reads the restrictions
    over the page from what the rule read (`read_served_restrictions`), not with a query of
    its own."""
    if is_page_visible(page, request):
        read_served_restrictions(page, request)
        return None
    raise Http404("Page introuvable.")


@hooks.register("register_admin_viewset")
def register_reviewed_pages():
    """Every page type's admin views, with the workflow's checks and messages (access.pages).
    Registered after Wagtail's default page viewset (order -1), which it replaces."""
    return ReviewedPageViewSet()


@hooks.register("construct_homepage_panels")
def workflow_panels(request, panels):
    """The reviewers' panel compares with the published version; authors see the changes
    asked of them (access.dashboard)."""
    panels[:] = [
        ObjectsToReviewPanel() if type(panel) is WorkflowObjectsToModeratePanel else panel
        for panel in panels
    ]
    panels.append(ChangesRequestedPanel(request.user))
