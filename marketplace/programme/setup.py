"""The "Fasilitator" group and the sellers' programme permissions, set up idempotently.

Run after every migrate (like the seller portal's groups), so fresh, test and demo databases all
have them. Sellers may add and view their own requests and tests (views scope them); Fasilitator
staff may work on every request and test, reopen requests, record field visits and read the
impact reports.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission

from marketplace.sellerportal.setup import ensure_group, ensure_permissions_exist, permissions

FACILITATORS_GROUP = "Fasilitator"
SELLERS_GROUP = "Sellers"

SELLER_PERMISSIONS = [
    "programme.add_facilitationrequest",
    "programme.view_facilitationrequest",
    "programme.add_producttest",
    "programme.view_producttest",
]
FACILITATOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "programme.add_facilitationrequest",
    "programme.change_facilitationrequest",
    "programme.view_facilitationrequest",
    "programme.reopen_facilitationrequest",
    "programme.add_producttest",
    "programme.change_producttest",
    "programme.view_producttest",
    "campaign.add_fieldvisit",
    "campaign.change_fieldvisit",
    "campaign.view_fieldvisit",
    "campaign.delete_fieldvisit",
    "impact.view_impact_dashboard",
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
]


def is_programme_staff(user):
    """Staff see every seller's requests and tests; everyone else only their sellers'."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("programme.change_facilitationrequest"))
    )


@transaction.atomic
def ensure_programme_groups():
    facilitators = ensure_group(FACILITATORS_GROUP, FACILITATOR_PERMISSIONS)
    sellers, _ = Group.objects.get_or_create(name=SELLERS_GROUP)
    sellers.permissions.add(*permissions(SELLER_PERMISSIONS))
    # Images of visits are chosen and uploaded into the root collection.
    root = Collection.get_first_root_node()
    if root is not None:
        for perm in permissions(["wagtailimages.add_image", "wagtailimages.choose_image"]):
            GroupCollectionPermission.objects.get_or_create(
                group=facilitators, collection=root, permission=perm
            )
    return facilitators


def post_migrate_setup(sender, using="default", **kwargs):
    # Once, after the last app migrated (permissions of every app exist by then).
    if sender.label != "programme":
        return
    ensure_permissions_exist(using=using)
    ensure_programme_groups()
