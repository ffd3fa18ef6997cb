"""Groups, permissions, collections and the "Product review" workflow, set up idempotently.

Run by a post_migrate handler (so a fresh database, a test database and a flushed one all have
them), by the demo seeder and by approval. Functions, not a data migration: Wagtail creates the
Editors/Moderators groups in its own migrations and the permissions only exist after every
app's post_migrate has run, which a data migration in this app cannot wait for.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from marketplace.sellers import SellerIndexPage, SellerMember

from .models import SellerSpace

SELLERS_GROUP = "Sellers"
EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
CURATORS_GROUP = "Curators"
# The "Product review" workflow of the issue, named in the sellers' language: they see the name
# on the editor's submit button ("Kirim ke Tinjauan produk").
WORKFLOW_NAME = "Tinjauan produk"

# Everything the seller's own screens need; each screen scopes its rows to the seller's own
# (marketplace.scoping), so these model permissions never reach another seller's data.
SELLER_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "sellerportal.use_seller_portal",
    "contact.view_enquiry",
    "contact.change_enquiry",
    "contact.view_contactclick",
    "marketplace.view_certificate",
    "marketplace.add_certificate",
    "marketplace.change_certificate",
    "marketplace.delete_certificate",
]
CURATOR_PERMISSIONS = ["wagtailadmin.access_admin", "sellerportal.use_seller_portal"]
TAXONOMY_MODELS = ["sector", "category", "region", "certificationtype"]
EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "marketplace.manage_all_sellers",
    "sellerportal.view_sellerapplication",
    "sellerportal.change_sellerapplication",
    "sellerportal.review_sellerapplication",
    "sellerportal.use_seller_portal",
    "marketplace.view_certificate",
    "marketplace.add_certificate",
    "marketplace.change_certificate",
    "marketplace.delete_certificate",
    # wagtail-localize: translate pages (its editor, sync, PO export/import).
    "wagtail_localize.submit_translation",
    *[
        f"marketplace.{action}_{model}"
        for model in TAXONOMY_MODELS
        for action in ("add", "change", "delete", "view")
    ],
]
# What a seller may do inside its own collection.
SELLER_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
# Add and edit, no publish: a seller's changes go live through the Product review workflow.
SELLER_PAGE_PERMISSIONS = ["add_page", "change_page"]


def permissions(dotted_names):
    wanted = {tuple(name.split(".", 1)) for name in dotted_names}
    found = list(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={code for _, code in wanted},
        ).select_related("content_type")
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def ensure_permissions_exist(using="default"):
    """Create every app's permissions now (post_migrate creates them app by app, in order)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)


def ensure_group(name, perms):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*permissions(perms))
    return group


@transaction.atomic
def ensure_groups():
    sellers = ensure_group(SELLERS_GROUP, SELLER_PERMISSIONS)
    editors = ensure_group(EDITORS_GROUP, EDITOR_PERMISSIONS)
    moderators = ensure_group(MODERATORS_GROUP, EDITOR_PERMISSIONS)
    curators = ensure_group(CURATORS_GROUP, CURATOR_PERMISSIONS)
    return {"sellers": sellers, "editors": editors, "moderators": moderators, "curators": curators}


@transaction.atomic
def ensure_product_review_workflow():
    """The workflow with one group-approval task (Editors, Moderators, Curators)."""
    groups = ensure_groups()
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(groups["editors"], groups["moderators"], groups["curators"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


# Wagtail publishes the page when the last task is approved, as the approving user, so the
# reviewers need publish permission on the seller directory's subtree.
REVIEWER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def assign_workflow(seller_index):
    """Every storefront and product under the seller directory goes through Product review."""
    workflow = ensure_product_review_workflow()
    WorkflowPage.objects.update_or_create(page=seller_index, defaults={"workflow": workflow})
    reviewer_perms = permissions([f"wagtailcore.{code}" for code in REVIEWER_PAGE_PERMISSIONS])
    for name in (EDITORS_GROUP, MODERATORS_GROUP, CURATORS_GROUP):
        group = Group.objects.get(name=name)
        for perm in reviewer_perms:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=seller_index.pk, permission=perm
            )
    return workflow


def seller_group_name(seller):
    return f"Seller {seller.pk}: {seller.title}"[:150]


@transaction.atomic
def ensure_seller_space(seller):
    """The seller's own group (page permissions on its subtree) and collection. Idempotent."""
    space = SellerSpace.objects.select_related("group", "collection").filter(seller=seller).first()
    if space is None:
        group, _ = Group.objects.get_or_create(name=seller_group_name(seller))
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.get_children().filter(name=seller.title).first()
        if collection is None or hasattr(collection, "seller_space"):
            name = seller.title
            if root.get_children().filter(name=name).exists():
                name = f"{seller.title} ({slugify(seller.slug)})"
            collection = root.add_child(instance=Collection(name=name))
        space = SellerSpace.objects.create(seller=seller, group=group, collection=collection)
    group = space.group
    for perm in permissions([f"wagtailcore.{code}" for code in SELLER_PAGE_PERMISSIONS]):
        GroupPagePermission.objects.get_or_create(group=group, page_id=seller.pk, permission=perm)
    for perm in permissions(SELLER_COLLECTION_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=space.collection, permission=perm
        )
    make_collection_private(space)
    return space


# Who may download a seller's documents (certificate scans, business papers) besides the seller.
OFFICE_GROUPS = [EDITORS_GROUP, MODERATORS_GROUP, CURATORS_GROUP]


def make_collection_private(space):
    """Documents in the seller's collection are served only to its group and the office.

    Wagtail checks a collection's view restrictions in its document serve view (and hides
    restricted collections from its API); superusers always pass.
    """
    restriction = space.collection.view_restrictions.filter(
        restriction_type=CollectionViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=space.collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    office = [Group.objects.get_or_create(name=name)[0] for name in OFFICE_GROUPS]
    restriction.groups.add(space.group, *office)
    return restriction


def add_seller_member(seller, user):
    """Give `user` the seller's admin: membership, the Sellers group and the seller's group."""
    space = ensure_seller_space(seller)
    SellerMember.objects.get_or_create(seller=seller, user=user)
    user.groups.add(space.group, Group.objects.get_or_create(name=SELLERS_GROUP)[0])
    return space


def post_migrate_setup(sender, using="default", **kwargs):
    ensure_permissions_exist(using=using)
    ensure_product_review_workflow()
    for index in SellerIndexPage.objects.all():
        assign_workflow(index)
    # Spaces made before their collections were private (and any whose restriction was removed).
    for space in SellerSpace.objects.select_related("collection", "group"):
        make_collection_private(space)
