"""The seller's home in the admin: their numbers at a glance, each with a link. Constant queries."""

import functools
import operator

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from marketplace.contact.models import ContactClick, Enquiry
from marketplace.orders.models import Order, OrderDelivery
from marketplace.products import ProductPage, StockRecord
from marketplace.scoping import scope_to_seller, sellers_for_user
from marketplace.translations import in_default_locale

from .models import SellerApplication

LOW_STOCK = 3
# A seller's part still to send: the order is paid and its delivery has not moved past "new"
# (shipped, ready for pickup and completed are done from the seller's side).
TO_SHIP = {"order__status": Order.Status.PAID, "fulfilment": OrderDelivery.Fulfilment.NEW}


def reverse_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def index_url_for(*models):
    """The admin listing of a model, wherever its area registered it (a viewset or a snippet)."""
    from wagtail.admin.viewsets import viewsets

    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) in models:
            url = reverse_or_none(viewset.get_url_name("index"))
            if url:
                return url
    return None


def orders_to_ship(user):
    """Orders with a delivery of the user's sellers still to send (one order counts once)."""
    deliveries = scope_to_seller(OrderDelivery.objects.filter(**TO_SHIP), user)
    return deliveries.values("order_id").distinct().count()


def orders_to_ship_url():
    """The seller orders listing, filtered to what `orders_to_ship` counts."""
    return reverse("seller_orders:index") + "?" + urlencode(TO_SHIP)


def seller_numbers(user):
    sellers = list(sellers_for_user(user).only("id", "title", "path", "live"))
    # Each product once: an English page is the same product (its stock is the Indonesian's).
    products = in_default_locale(ProductPage.objects.filter(seller__in=[s.pk for s in sellers]))
    counts = products.aggregate(
        live=Count("pk", filter=Q(live=True)),
        total=Count("pk"),
    )
    subtree = (
        functools.reduce(operator.or_, [Q(path__startswith=s.path) for s in sellers])
        if sellers
        else Q(pk__in=[])
    )
    # WorkflowState points at pages through a generic (text) object id and the base Page type.
    page_ids = (
        Page.objects.filter(subtree).annotate(text_id=Cast("pk", CharField())).values("text_id")
    )
    states = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=page_ids)
        .select_related("current_task_state")
        .order_by("-created_at")
    )
    awaiting, needs_changes = [], []
    for state in states[:50]:
        (needs_changes if state.status == WorkflowState.STATUS_NEEDS_CHANGES else awaiting).append(
            state
        )
    page_ids = [int(s.object_id) for s in awaiting + needs_changes]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).only("id", "title")}
    for state in awaiting + needs_changes:
        state.page_title = getattr(pages.get(int(state.object_id)), "title", "")
        state.page_id = int(state.object_id)
    low_stock = list(
        StockRecord.objects.filter(product__in=products, quantity__lte=LOW_STOCK)
        .select_related("product")
        .only("quantity", "product__id", "product__title")
        .order_by("quantity", "product__title")[:5]
    )
    low_stock_count = StockRecord.objects.filter(
        product__in=products, quantity__lte=LOW_STOCK
    ).count()
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    clicks = dict(
        scope_to_seller(ContactClick.objects.all(), user)
        .filter(created_at__gte=month_start)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "sellers": sellers,
        "products_live": counts["live"],
        "products_total": counts["total"],
        "awaiting_review": awaiting,
        "needs_changes": needs_changes,
        "low_stock": low_stock,
        "low_stock_count": low_stock_count,
        "low_stock_limit": LOW_STOCK,
        "new_enquiries": scope_to_seller(Enquiry.objects.all(), user)
        .filter(status=Enquiry.Status.NEW)
        .count(),
        "orders_to_ship": orders_to_ship(user),
        "whatsapp_clicks": sum(clicks.get(c, 0) for c in ContactClick.WHATSAPP_CHANNELS),
        "other_clicks": clicks.get(ContactClick.Channel.PHONE, 0)
        + clicks.get(ContactClick.Channel.EMAIL, 0),
        "stock_url": reverse("sellerportal_stock"),
        "enquiries_url": index_url_for(Enquiry),
        "orders_url": orders_to_ship_url(),
    }


class SellerHomePanel(Component):
    name = "seller_home"
    order = 1  # the seller's own shop first, above the programme's panels
    template_name = "marketplace/sellerportal/admin/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(seller_numbers(self.user))
        return context


class PendingApplicationsPanel(Component):
    name = "pending_seller_applications"
    order = 5
    template_name = "marketplace/sellerportal/admin/applications_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending"] = SellerApplication.objects.filter(
            status=SellerApplication.Status.PENDING
        ).count()
        context["index_url"] = reverse("seller_applications:index") + "?status=pending"
        return context
