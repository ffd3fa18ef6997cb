"""The one rule for what a signed-in user may see of sellers' data.

Editors (users with `marketplace.manage_all_sellers`, and superusers) see every seller;
a seller account sees only the sellers it is a member of. Admin querysets of enquiries,
orders, clicks and stock go through `scope_to_seller`.
"""

from wagtail.models import Collection

from .sellers import SellerPage


def can_manage_all_sellers(user):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("marketplace.manage_all_sellers"))
    )


def sellers_for_user(user):
    """SellerPage queryset this user may manage (every one for editors, none for anonymous)."""
    if can_manage_all_sellers(user):
        return SellerPage.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return SellerPage.objects.none()
    return SellerPage.objects.filter(members__user=user)


def scope_to_seller(queryset, user, seller_field="seller"):
    """Filter any queryset with a seller foreign key (or path, e.g. "product__seller") to `user`."""
    if can_manage_all_sellers(user):
        return queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(**{f"{seller_field}__members__user": user})


def own_collections(user):
    """The image/document collections of the sellers this user belongs to."""
    from_sellers = sellers_for_user(user)
    return Collection.objects.filter(seller_space__seller__in=from_sellers)
