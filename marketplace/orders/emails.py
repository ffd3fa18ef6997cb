"""Order e-mails. Called after commit (transaction.on_commit), in the shopper's language."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pasarlokal.core.mail import queue_email

from .models import Order, OrderDelivery

logger = logging.getLogger(__name__)


def _order(order_id):

    return (
        Order.objects.prefetch_related("lines", "deliveries__seller__members__user")
        .filter(pk=order_id)
        .first()
    )


def _absolute(order, name, *args):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    with translation.override(order.language or settings.LANGUAGE_CODE):
        return base + reverse(name, args=args)


def order_url(order):
    return _absolute(order, "orders:order_detail", order.access_token)


def lookup_url(order):
    """The look-up page, for a shopper who loses the order link (reference + e-mail or phone)."""
    return _absolute(order, "orders:order_lookup")


def seller_addresses(seller):
    addresses = [seller.email] if seller.email else []
    addresses += [m.user.email for m in seller.members.all() if m.user.email]
    return list(dict.fromkeys(addresses))


def _send(subject, template, context, to):
    # A shopper may give only a phone number: then there is no confirmation e-mail to send.
    to = [address for address in to if address]
    if not to:
        return
    # Queued: an e-mail outage must not undo a payment already recorded nor delay the webhook.
    queue_email(subject, render_to_string(template, context), to)


def send_order_paid(order_id):
    order = _order(order_id)
    if order is None:
        return
    deliveries = list(order.deliveries.all())
    with translation.override(order.language or settings.LANGUAGE_CODE):
        _send(
            _("Your order %(reference)s is paid") % {"reference": order.reference},
            "marketplace/orders/emails/order_confirmation.txt",
            {
                "order": order,
                "deliveries": deliveries,
                "order_url": order_url(order),
                "lookup_url": lookup_url(order),
            },
            [order.customer_email],
        )
    # Sellers read their notice in the site's default language; each sees only their own lines.
    with translation.override(settings.LANGUAGE_CODE):
        for delivery in deliveries:
            _send(
                _("New paid order %(reference)s") % {"reference": order.reference},
                "marketplace/orders/emails/seller_notice.txt",
                {"order": order, "delivery": delivery, "lines": delivery.lines},
                seller_addresses(delivery.seller),
            )


def send_order_refunded(order_id):
    order = _order(order_id)
    if order is None:
        return
    with translation.override(order.language or settings.LANGUAGE_CODE):
        _send(
            _("Your order %(reference)s was refunded") % {"reference": order.reference},
            "marketplace/orders/emails/order_refunded.txt",
            {"order": order, "order_url": order_url(order)},
            [order.customer_email],
        )


def send_review_notice(order_id):
    order = _order(order_id)
    if order is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            _("Order %(reference)s needs review") % {"reference": order.reference},
            "marketplace/orders/emails/review_notice.txt",
            {"order": order},
            list(settings.EDITOR_NOTICE_EMAILS),
        )


def send_fulfilment_update(delivery_id):

    delivery = (
        OrderDelivery.objects.select_related("order", "seller")
        .prefetch_related("order__lines")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return
    order = delivery.order
    with translation.override(order.language or settings.LANGUAGE_CODE):
        _send(
            _("%(seller)s: %(status)s – order %(reference)s")
            % {
                "seller": delivery.seller.title,
                "status": delivery.get_fulfilment_display(),
                "reference": order.reference,
            },
            "marketplace/orders/emails/fulfilment_update.txt",
            {
                "order": order,
                "delivery": delivery,
                "lines": delivery.lines,
                "order_url": order_url(order),
            },
            [order.customer_email],
        )
