"""Admin for orders: editors see every order and the payment event log; sellers fulfil their part.

Every queryset goes through marketplace.scoping: a seller account sees only the `OrderDelivery`
rows (and so only the order lines) of the sellers it is a member of.
"""

import django_filters

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from marketplace.scoping import can_manage_all_sellers, scope_to_seller, sellers_for_user
from marketplace.sellers import SellerPage
from pasarlokal.core.exports import FormulaSafeExportMixin

from . import lifecycle
from .models import PAYMENT_METHOD_LABELS, Order, OrderDelivery, PaymentEvent, PaymentProvider


def _editors():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="manage_all_sellers")
            | Q(groups__permissions__codename="manage_all_sellers")
        )
        .distinct()
    )


class EditorsPermissionPolicy(BasePermissionPolicy):
    """Only editors who manage all sellers; `actions` they may take."""

    def __init__(self, model, actions=("view",)):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and can_manage_all_sellers(user)

    def users_with_any_permission(self, actions):
        return _editors() if self.actions & set(actions) else get_user_model().objects.none()


class SellerDeliveryPermissionPolicy(BasePermissionPolicy):
    """Seller accounts view and fulfil the deliveries of their own sellers; editors all of them."""

    actions = {"view", "fulfil"}

    def user_has_permission(self, user, action):
        if action not in self.actions:
            return False
        return can_manage_all_sellers(user) or sellers_for_user(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.actions & set(actions):
            return OrderDelivery.objects.none()
        return scope_to_seller(OrderDelivery.objects.all(), user)

    def users_with_any_permission(self, actions):
        if not self.actions & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(pk__in=_editors()) | Q(seller_memberships__isnull=False), is_active=True
            )
            .distinct()
        )


register_permission_policy(Order, EditorsPermissionPolicy(Order, actions=("view", "change")))
register_permission_policy(PaymentEvent, EditorsPermissionPolicy(PaymentEvent))
register_permission_policy(OrderDelivery, SellerDeliveryPermissionPolicy(OrderDelivery))


# --- Orders (editors) ---------------------------------------------------------------


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Order.Status.choices)
    needs_review = django_filters.BooleanFilter(label=_("Flagged for review"))
    payment_provider = django_filters.ChoiceFilter(
        label=_("Payment provider"), choices=PaymentProvider.choices
    )
    payment_method = django_filters.ChoiceFilter(
        label=_("Payment method"),
        choices=list(PAYMENT_METHOD_LABELS.items()),
    )
    seller = django_filters.ModelChoiceFilter(
        label=_("Seller"),
        field_name="lines__seller",
        queryset=SellerPage.objects.order_by("title"),
        distinct=True,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = [
            "status",
            "needs_review",
            "payment_provider",
            "payment_method",
            "seller",
            "created_at",
        ]


class OrderIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().prefetch_related("deliveries__seller")
        return scope_to_seller(queryset, self.request.user, "lines__seller").distinct()


class OrderInspectView(InspectView):
    template_name = "marketplace/orders/admin/order_inspect.html"

    def get_object(self, queryset=None):
        queryset = scope_to_seller(Order.objects.all(), self.request.user, "lines__seller")
        return get_object_or_404(queryset.distinct(), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = self.object.deliveries.select_related("seller").prefetch_related(
            "order__lines"
        )
        context["events"] = self.object.payment_events.all()[:50]
        context["can_decide"] = self.object.needs_review and (
            self.object.status == Order.Status.PENDING
            and self.permission_policy.user_has_permission(self.request.user, "change")
        )
        return context

    def post(self, request, *args, **kwargs):
        """The review queue's decision on a flagged order: release its stock or confirm it."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        decision = request.POST.get("review")
        if decision == "release":
            done = lifecycle.release_flagged(self.object)
            text = _("Order %(ref)s was cancelled and its stock released.")
        elif decision == "confirm":
            done = lifecycle.confirm_flagged(self.object)
            text = _("Order %(ref)s was confirmed as paid.")
        else:
            raise PermissionDenied
        if done:
            messages.success(request, text % {"ref": self.object.reference})
        else:
            messages.error(request, _("This order no longer needs a decision."))
        return redirect(request.path)


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "list-ul"
    menu_label = _("Orders")
    add_to_admin_menu = False
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OrderFilterSet
    search_fields = ["reference", "customer_name", "customer_email"]
    list_display = [
        "reference",
        "customer_name",
        "status",
        "total_display",
        "payment_display",
        "needs_review",
        "created_at",
    ]
    list_export = [
        "reference",
        "status",
        "needs_review",
        "customer_name",
        "customer_email",
        "customer_phone",
        "total",
        "currency",
        "created_at",
        "paid_at",
        "sellers_display",
        "stripe_session_id",
        "payment_provider",
        "payment_method",
        "payment_reference",
    ]
    export_headings = {"sellers_display": _("Sellers"), "total": _("Total (Rp)")}
    export_filename = "orders"
    form_fields = ["needs_review", "review_reason"]


# --- Seller orders (fulfilment) -------------------------------------------------------


class FulfilmentFilterSet(WagtailFilterSet):
    fulfilment = django_filters.ChoiceFilter(
        label=_("Fulfilment"), choices=OrderDelivery.Fulfilment.choices
    )
    method = django_filters.ChoiceFilter(label=_("Delivery"), choices=OrderDelivery.Method.choices)
    order__status = django_filters.ChoiceFilter(label=_("Payment"), choices=Order.Status.choices)

    class Meta:
        model = OrderDelivery
        fields = ["fulfilment", "method", "order__status"]


class ShippedForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=80, help_text=_("e.g. JNE, J&T, POS"))
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=80)


class DeliveryIndexView(FormulaSafeExportMixin, IndexView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not can_manage_all_sellers(request.user) and sellers_for_user(request.user).count() < 2:
            # Every row is the seller's own: a column repeating their name says nothing.
            self.list_display = [field for field in self.list_display if field != "seller"]

    def user_has_any_permission(self, permissions):
        # Asked once per row for the inspect link; the answer is the same for the whole page.
        answers = self.__dict__.setdefault("_permission_answers", {})
        key = frozenset(permissions)
        if key not in answers:
            answers[key] = super().user_has_any_permission(permissions)
        return answers[key]

    def _get_title_column(self, field_name, *args, **kwargs):
        # An order reference (PL-7K2M9QX4TB) is one word: on a phone it must not break mid-way.
        kwargs.setdefault("classname", "w-whitespace-nowrap")
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("order", "seller")
        return scope_to_seller(queryset.with_seller_amount(), self.request.user)


class DeliveryInspectView(InspectView):
    """The fulfil page: the seller's own lines, the delivery details, and the next step."""

    template_name = "marketplace/orders/admin/delivery_inspect.html"

    def get_object(self, queryset=None):
        queryset = scope_to_seller(
            OrderDelivery.objects.select_related("order", "seller"), self.request.user
        )
        return get_object_or_404(queryset, pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = self.object
        context["delivery"] = delivery
        context["lines"] = list(delivery.order.lines.filter(seller=delivery.seller))
        context["shipped_form"] = kwargs.get("shipped_form") or ShippedForm(
            initial={"courier": delivery.courier, "tracking_number": delivery.tracking_number}
        )
        context["can_fulfil"] = delivery.order.status == Order.Status.PAID
        return context

    def post(self, request, *args, **kwargs):
        delivery = self.object
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "fulfil", delivery
        ):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "shipped":
                form = ShippedForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(shipped_form=form))
                lifecycle.mark_shipped(delivery, **form.cleaned_data)
            elif action == "ready":
                lifecycle.mark_ready_for_pickup(delivery)
            elif action == "completed":
                lifecycle.mark_completed(delivery)
            else:
                raise PermissionDenied
        except lifecycle.FulfilmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved. The customer was e-mailed."))
        return redirect(self.request.path)


class DeliveryViewSet(ModelViewSet):
    model = OrderDelivery
    icon = "mail"
    menu_label = _("Seller orders")
    url_prefix = "orders/seller"
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = FulfilmentFilterSet
    search_fields = ["order__reference", "order__customer_name"]
    list_display = [
        "order_reference",
        "seller",
        "amount_display",
        "method",
        "fulfilment",
        "order_status",
        "order_created",
    ]
    list_export = [
        "order_reference",
        "seller",
        "seller_total",
        "method",
        "fulfilment",
        "courier",
        "tracking_number",
        "order_status",
        "order_created",
    ]
    export_headings = {"seller_total": _("Amount (Rp)")}
    export_filename = "seller-orders"
    form_fields = []


# --- Payment event log (editors) ------------------------------------------------------


class PaymentEventViewSet(ModelViewSet):
    model = PaymentEvent
    icon = "history"
    menu_label = _("Payment events")
    url_prefix = "orders/payment-events"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["event_type", "source"]
    search_fields = ["event_id", "order__reference"]
    list_display = ["event_type", "order", "outcome", "source", "received_at"]
    inspect_view_fields = [
        "event_id",
        "event_type",
        "order",
        "source",
        "outcome",
        "received_at",
        "payload",
    ]
    form_fields = []


class OrdersGroup(ViewSetGroup):
    menu_label = _("Orders")
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        OrderViewSet("order_admin", url_prefix="orders/all"),
        DeliveryViewSet("seller_orders"),
        PaymentEventViewSet("payment_events"),
    )


@hooks.register("register_admin_viewset")
def register_orders_viewsets():
    return OrdersGroup()


REVIEW_QUEUE_SHOWN = 10


class OrdersToReviewPanel(Component):
    """Editors' dashboard: orders flagged for review that still hold stock, oldest first."""

    name = "orders_to_review"
    order = 4
    template_name = "marketplace/orders/admin/review_panel.html"

    def __init__(self, orders, count):
        self.orders, self.count = orders, count

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            orders=self.orders,
            count=self.count,
            index_url=reverse("order_admin:index") + "?needs_review=true&status=pending",
        )
        return context


def orders_to_review():
    return Order.objects.filter(needs_review=True, status=Order.Status.PENDING).order_by(
        "created_at"
    )


@hooks.register("construct_homepage_panels")
def review_queue_panel(request, panels):
    if not can_manage_all_sellers(request.user):
        return
    queue = orders_to_review()
    orders = list(queue[:REVIEW_QUEUE_SHOWN])
    if orders:
        panels.insert(0, OrdersToReviewPanel(orders, queue.count()))
