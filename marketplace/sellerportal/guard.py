"""A guard in front of every Wagtail admin view for seller accounts.

Wagtail's own permissions keep a seller out of other sellers' pages, images and documents for
most screens, but a few admin views render an object before (or without) checking permission
on it: the page chooser's parent row, the multiple-chosen endpoint, the move confirmation, the
admin API's image/document detail, the page-type usage report. Rather than patch each, every
admin view is wrapped: when a seller account's URL names a page in another seller's subtree, or
an image/document outside the seller's own collections, the request is refused before the view
runs. The isolation matrix test walks every admin URL to prove it.
"""

import functools
import logging
import sys

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from marketplace.page_saves import serialise_page_saves
from marketplace.products import ProductPage
from marketplace.scoping import (
    can_manage_all_sellers,
    own_collections,
    scope_to_seller,
    sellers_for_user,
)
from marketplace.sellers import SellerIndexPage
from marketplace.translations import default_locale_id, in_default_locale

logger = logging.getLogger(__name__)

SELLERS_GROUP = "Sellers"
PAGE_KWARGS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
IMAGE_KWARGS = {"image_id"}
DOCUMENT_KWARGS = {"document_id", "doc_id"}
# Admin areas a seller has no business in (their menu items are hidden too). wagtail-localize's
# screens (submit, sync, the translation editor's string and override endpoints, PO download
# and upload, preview, stop, convert to alias, its report and snippet API, locale management)
# take a translation or source id, not a page id, and some check no permission on the object
# behind it: sellers are refused all of them (they have no "submit translation" permission, so
# its buttons are hidden); editors translate.
SELLER_FORBIDDEN_NAMESPACES = (
    "wagtailadmin_reports",
    "wagtailadmin_workflows",
    "wagtailusers",
    "wagtail_localize:",
    "wagtaillocales:",
)


def is_seller_account(user):
    """Seller accounts get the scoped admin; editors, superusers and other staff do not."""
    if not user.is_authenticated or can_manage_all_sellers(user):
        return False
    cached = getattr(user, "_sellerportal_scoped", None)
    if cached is None:
        cached = user.seller_memberships.exists() or user.groups.filter(name=SELLERS_GROUP).exists()
        user._sellerportal_scoped = cached
    return cached


def other_sellers_pages_q(user):
    """A Q matching pages inside other sellers' subtrees (what a seller must never reach)."""
    own = [s.path for s in sellers_for_user(user).only("path")]
    hidden = Q(pk__in=[])
    for index_path in SellerIndexPage.objects.values_list("path", flat=True):
        hidden |= Q(path__startswith=index_path) & ~Q(path=index_path)
    for own_path in own:
        hidden &= ~Q(path__startswith=own_path)
    return hidden


def own_pages(user):
    """The seller's storefronts and everything under them."""
    own = Q(pk__in=[])
    for path in sellers_for_user(user).values_list("path", flat=True):
        own |= Q(path__startswith=path)
    return Page.objects.filter(own)


def _ids(values):
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def check_request(request, kwargs):
    user = request.user
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if view_name.startswith(SELLER_FORBIDDEN_NAMESPACES):
        raise PermissionDenied
    page_ids = _ids(v for k, v in kwargs.items() if k in PAGE_KWARGS)
    image_ids = _ids(v for k, v in kwargs.items() if k in IMAGE_KWARGS)
    document_ids = _ids(v for k, v in kwargs.items() if k in DOCUMENT_KWARGS)
    if "pk" in kwargs:
        if view_name.startswith(("wagtailadmin_pages:", "wagtailadmin_api:pages")):
            page_ids += _ids([kwargs["pk"]])
        elif "image" in view_name:
            image_ids += _ids([kwargs["pk"]])
        elif "doc" in view_name:
            document_ids += _ids([kwargs["pk"]])
    if view_name == "wagtailadmin_choose_page_chosen_multiple":
        page_ids += _ids(request.GET.getlist("id"))
    if view_name == "wagtail_bulk_action":
        # The confirmation page lists every object named in the query string, titles included.
        ids = request.GET.getlist("id")
        model = f"{kwargs.get('app_label')}.{kwargs.get('model_name')}"
        if model == "wagtailimages.image":
            image_ids += _ids(ids)
        elif model == "wagtaildocs.document":
            document_ids += _ids(ids)
        else:
            page_ids += _ids(ids)
            if "all" in ids:
                # "All in this listing": the children (or, searching, descendants) of childOf,
                # or of the whole tree without it. Only a seller's own subtree qualifies.
                parent = _ids([request.GET.get("childOf")])
                if not parent or not own_pages(user).filter(pk=parent[0]).exists():
                    raise PermissionDenied
    if (
        page_ids
        and Page.objects.filter(pk__in=page_ids).filter(other_sellers_pages_q(user)).exists()
    ):
        raise PermissionDenied
    if image_ids and (
        get_image_model()
        .objects.filter(pk__in=image_ids)
        .exclude(collection__in=own_collections(user))
        .exists()
    ):
        raise PermissionDenied
    if document_ids and (
        get_document_model()
        .objects.filter(pk__in=document_ids)
        .exclude(collection__in=own_collections(user))
        .exists()
    ):
        raise PermissionDenied


def own_translation_screen(request, kwargs):
    """For a seller opening the page editor of their own product's English page (the dashboard's
    recent edits and the review e-mails link there): the URL of their "English version" screen.
    None for anything else; the guard then decides as usual."""
    match = getattr(request, "resolver_match", None)
    if not match or match.view_name != "wagtailadmin_pages:edit":
        return None
    ids = _ids([kwargs.get("page_id")])
    page = (
        Page.objects.filter(pk__in=ids)
        .exclude(locale_id=default_locale_id())
        .only("translation_key")
        .first()
    )
    if page is None:
        return None
    source = scope_to_seller(
        in_default_locale(ProductPage.objects.filter(translation_key=page.translation_key)),
        request.user,
    ).first()
    return reverse("sellerportal_english", args=[source.pk]) if source is not None else None


def seller_guard(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        match = getattr(request, "resolver_match", None)
        if match and match.view_name == "wagtailadmin_choose_page_chosen_multiple":
            # Wagtail 8.0.1 answers the root page's id here with a 500 (it has no parent).
            ids = _ids(request.GET.getlist("id"))
            if ids and Page.objects.filter(pk__in=ids, depth=1).exists():
                raise Http404
        if is_seller_account(request.user):
            screen = own_translation_screen(request, kwargs)
            if screen is not None:
                return redirect(screen)
            check_request(request, kwargs)
        return view(request, *args, **kwargs)

    return wrapped


def guard_admin_urlpatterns():
    """Wrap every admin view registered so far (called by the last register_admin_urls hook)."""
    from wagtail.utils.urlpatterns import decorate_urlpatterns

    module = sys.modules.get("wagtail.admin.urls")
    patterns = getattr(module, "urlpatterns", None)
    if patterns is None:
        logger.warning("Seller guard not installed: wagtail.admin.urls has no urlpatterns yet")
        return
    decorate_urlpatterns(patterns, serialise_page_saves)
    decorate_urlpatterns(patterns, seller_guard)
