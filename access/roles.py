"""The site's roles: groups, their permissions and the editorial workflow, created by code.

`setup_roles()` is idempotent: run it again and it changes nothing that is already right; it
puts back what was removed by hand. Nothing here is meant to be set up in the admin.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

PARTICIPANTS_GROUP = "Participants"
EDITORS_GROUP = "Éditeurs"
REVIEWERS_GROUP = "Relecteurs"
PUBLISHERS_GROUP = "Responsables de publication"
ADMINISTRATORS_GROUP = "Administrateurs"

# Who may see what is restricted to participants: the participants, and the staff who
# prepare it. View restrictions on pages and collections name these groups.
RESTRICTED_CONTENT_GROUPS = [
    PARTICIPANTS_GROUP,
    EDITORS_GROUP,
    REVIEWERS_GROUP,
    PUBLISHERS_GROUP,
    ADMINISTRATORS_GROUP,
]

# The staff: they write and review the site, and see what waits for a publisher's release.
STAFF_GROUPS = frozenset({EDITORS_GROUP, REVIEWERS_GROUP, PUBLISHERS_GROUP, ADMINISTRATORS_GROUP})


def restrict_to_participants(page):
    """Restrict this page, and everything under it, to the participants and the staff who
    prepare what is theirs (RESTRICTED_CONTENT_GROUPS); the groups are created if missing."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(
        *(Group.objects.get_or_create(name=name)[0] for name in RESTRICTED_CONTENT_GROUPS)
    )
    return restriction


WORKFLOW_NAME = "Validation éditoriale"
REVIEW_TASK_NAME = "Relecture par un partenaire"
PUBLICATION_TASK_NAME = "Validation et publication"

# Page rights, given on the root of the page tree (so on every page of the site).
# Changing a page's privacy needs "publish": editors and reviewers cannot.
PAGE_RIGHTS = {
    EDITORS_GROUP: ["add", "change"],
    REVIEWERS_GROUP: ["change"],
    PUBLISHERS_GROUP: ["add", "change", "publish", "lock", "unlock"],
    ADMINISTRATORS_GROUP: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
}


# Document and image rights, on the root collection. Wagtail checks them with its own
# models' permissions (wagtaildocs.Document, wagtailimages.Image), whatever the custom model.
def _media_rights(actions):
    """The same actions on documents and images: « wagtaildocs.add_document »…"""
    return [
        f"{app}.{action}_{model}"
        for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
        for action in actions
    ]


COLLECTION_RIGHTS = {
    EDITORS_GROUP: _media_rights(["add", "change", "choose"]),
    REVIEWERS_GROUP: _media_rights(["choose"]),
    # Collection privacy is set on the collection.
    PUBLISHERS_GROUP: [
        *_media_rights(["add", "change", "delete", "choose"]),
        "wagtailcore.change_collection",
    ],
    ADMINISTRATORS_GROUP: [
        *_media_rights(["add", "change", "delete", "choose"]),
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
    ],
}

REDIRECT_RIGHTS = [
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
]

# Model permissions (admin access, redirects, users' groups, workflows) on Wagtail's and
# Django's own models. The rights on the project's models (organisations, people, places,
# themes, users, the footer) are declared by the app that owns each model, through the
# « register_role_rights » hook (see `declared_rights`): this module names no model of theirs.
MODEL_RIGHTS = {
    EDITORS_GROUP: ["wagtailadmin.access_admin"],
    REVIEWERS_GROUP: ["wagtailadmin.access_admin"],
    PUBLISHERS_GROUP: ["wagtailadmin.access_admin", *REDIRECT_RIGHTS],
    ADMINISTRATORS_GROUP: [
        "wagtailadmin.access_admin",
        *REDIRECT_RIGHTS,
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        # Réglages › Connexions bloquées: look at failed logins, lift a lock.
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
    # Participants: no admin access at all; they see restricted pages and collections
    # through the view restrictions that name their group.
    PARTICIPANTS_GROUP: [],
}

ROLE_RIGHTS_HOOK = "register_role_rights"


def model_permissions(model, actions):
    """« people.add_organisation »… for these actions on this model."""
    return [f"{model._meta.app_label}.{action}_{model._meta.model_name}" for action in actions]


def shared_content_rights(*models):
    """The staff's rights on content shown on public pages and kept as snippets
    (organisations, people, places, themes). Those models keep drafts and go through the
    editorial workflow (`WORKFLOW_MODELS_HOOK`): editors write drafts and submit them,
    reviewers read them (and approve their task in the workflow), only publishers and
    administrators publish, unpublish, unlock and delete. For an app's `register_role_rights`
    hook."""

    def rights(actions):
        return [name for model in models for name in model_permissions(model, actions)]

    return {
        EDITORS_GROUP: rights(["add", "change", "view"]),
        REVIEWERS_GROUP: rights(["view"]),
        PUBLISHERS_GROUP: rights(["add", "change", "delete", "view", "publish", "lock", "unlock"]),
        ADMINISTRATORS_GROUP: rights(
            ["add", "change", "delete", "view", "publish", "lock", "unlock"]
        ),
    }


# The snippets whose edits go through « Validation éditoriale » before the public sees them:
# each app returns its models from a function registered with this hook (this module names
# none of them). They keep drafts and revisions (Wagtail's WorkflowMixin, DraftStateMixin,
# RevisionMixin).
WORKFLOW_MODELS_HOOK = "register_workflow_models"


def workflow_models():
    """The models the apps put under the editorial workflow (`WORKFLOW_MODELS_HOOK`)."""
    return [model for declare in hooks.get_hooks(WORKFLOW_MODELS_HOOK) for model in declare()]


def declared_rights():
    """MODEL_RIGHTS, plus what each app declares for its own models: a function registered
    with `@hooks.register("register_role_rights")` returns {group name: [permissions]}."""
    rights = {group: list(names) for group, names in MODEL_RIGHTS.items()}
    for declare in hooks.get_hooks(ROLE_RIGHTS_HOOK):
        for group, names in declare().items():
            rights[group].extend(names)
    return rights


# Wagtail's installation creates these; this site has its own roles instead.
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_roles():
    """Create or repair the groups, their rights and the editorial workflow. Returns the groups."""
    rights = declared_rights()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in rights}
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, group in groups.items():
        group.permissions.set([_permission(p) for p in rights[name]])
        wanted = {f"{action}_page" for action in PAGE_RIGHTS.get(name, [])}
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission__codename__in=wanted
        ).delete()
        for codename in wanted:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        wanted_collection = [_permission(p) for p in COLLECTION_RIGHTS.get(name, [])]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission__in=wanted_collection
        ).delete()
        for permission in wanted_collection:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    for name in WAGTAIL_DEFAULT_GROUPS:
        Group.objects.filter(name=name, user__isnull=True).delete()
    setup_workflow(groups, root_page)
    return groups


def _approval_task(name, group):
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    task.active = True
    task.save()
    task.groups.set([group])
    return task


def setup_workflow(groups, root_page):
    """« Validation éditoriale »: a partner's review, then validation and publication."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    workflow.active = True
    workflow.save()
    review = _approval_task(REVIEW_TASK_NAME, groups[REVIEWERS_GROUP])
    publication = _approval_task(PUBLICATION_TASK_NAME, groups[PUBLISHERS_GROUP])
    for order, task in enumerate([review, publication]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowTask.objects.filter(workflow=workflow).exclude(task__in=[review, publication]).delete()
    # On the root of the tree: every page of every site goes through it.
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # And the shared snippets the public pages show (organisations, people, places, themes):
    # an edit is a draft until the same two approvals publish it.
    for model in workflow_models():
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    # Wagtail's installation leaves a « Moderators approval » workflow: this site uses its own.
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)
    return workflow
