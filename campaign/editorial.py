"""Editors and Moderators, their permissions, and the "Editorial review" workflow. Idempotent.

Wagtail's own migrations already create the two groups; this gives them what the campaign needs
and puts the campaign, event and centre sections under moderation (Moderators approve).
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .centres import CentreIndexPage
from .events import EventIndexPage
from .stories import CampaignIndexPage

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Moderators approve"

# (app_label, codename)
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("campaign", "add_author"),
    ("campaign", "change_author"),
    ("campaign", "view_author"),
    ("campaign", "view_pledge"),
    ("taggit", "add_tag"),
    ("taggit", "change_tag"),
]
MODERATOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("campaign", "delete_author"),
    ("campaign", "change_pledge"),
    ("campaign", "delete_pledge"),
    ("wagtailcore", "view_workflow"),
]
# Editors draft and submit; Moderators also publish (Wagtail's page permission types).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _permissions(pairs):
    wanted = set(pairs)
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={code for _, code in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def _grant(group, model_permissions, page_permissions, root_page, root_collection):
    group.permissions.add(*_permissions(model_permissions))
    if root_page is not None:
        for permission in _permissions(("wagtailcore", code) for code in page_permissions):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    if root_collection is not None:
        for permission in _permissions(COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def campaign_sections():
    """The index pages whose subtrees go through editorial review."""
    pages = []
    for model in (CampaignIndexPage, EventIndexPage, CentreIndexPage):
        pages.extend(model.objects.all())
    return pages


def ensure_editorial_setup():
    """Create or update the groups, their permissions and the workflow; returns the workflow."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    _grant(editors, EDITOR_PERMISSIONS, EDITOR_PAGE_PERMISSIONS, root_page, root_collection)
    _grant(
        moderators, MODERATOR_PERMISSIONS, MODERATOR_PAGE_PERMISSIONS, root_page, root_collection
    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in campaign_sections():
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
