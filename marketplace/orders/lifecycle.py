"""Every change of an order's status, each under a row lock on the order.

Status only moves forward: pending → paid → refunded, or pending → cancelled. Because the
transition and the stock release happen in one transaction while the order row is locked, two
deliveries of "expired" (or an "expired" racing a "completed") can release stock at most once.
E-mails go out after the transaction commits.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.products import release_stock
from marketplace.variants import release_variant_stock

from . import emails
from .models import Order, OrderDelivery
from .payments import CURRENCY, rupiah_to_stripe_amount


def _locked(order):
    return Order.objects.select_for_update().get(pk=order.pk)


def _flag(order, reason):
    order.needs_review = True
    order.review_reason = str(reason)[:255]
    order.save(update_fields=["needs_review", "review_reason"])
    transaction.on_commit(lambda: emails.send_review_notice(order.pk))


def mark_paid(order, session):
    """Stripe says this Checkout Session is paid. Returns a short outcome for the event log."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != Order.Status.PENDING:
            if order.status == Order.Status.CANCELLED:
                _flag(order, _("Payment arrived for a cancelled order."))
                return "paid after cancel: flagged"
            return f"ignored: already {order.status}"
        amount = session.get("amount_total")
        currency = (session.get("currency") or "").lower()
        if amount != rupiah_to_stripe_amount(order.total) or currency != CURRENCY:
            _flag(
                order,
                _("Paid amount %(amount)s %(currency)s does not match the order.")
                % {"amount": amount, "currency": currency.upper()},
            )
            return "amount mismatch: flagged"
        order.status = Order.Status.PAID
        order.paid_at = timezone.now()
        order.stripe_payment_intent = session.get("payment_intent") or ""
        if session.get("id"):
            order.stripe_session_id = session["id"]
        order.payment_method = "card"
        order.save(
            update_fields=[
                "status",
                "paid_at",
                "stripe_payment_intent",
                "stripe_session_id",
                "payment_method",
            ]
        )
        transaction.on_commit(lambda: emails.send_order_paid(order.pk))
        return "paid"


def mark_paid_by_provider(order, *, amount, currency, method="", reference=""):
    """A provider that counts in whole rupiah (Midtrans) says this order is paid.

    The same guarantees as `mark_paid`: row lock, forward only, a payment for a cancelled order
    or with another amount or currency is flagged for review and not marked paid.
    """
    with transaction.atomic():
        order = _locked(order)
        if reference and order.payment_reference and reference != order.payment_reference:
            _flag(order, _("A payment arrived for an earlier payment attempt."))
            return "other attempt: flagged"
        if order.status != Order.Status.PENDING:
            if order.status == Order.Status.CANCELLED:
                _flag(order, _("Payment arrived for a cancelled order."))
                return "paid after cancel: flagged"
            return f"ignored: already {order.status}"
        if amount != order.total or (currency or "").upper() != order.currency.upper():
            _flag(
                order,
                _("Paid amount %(amount)s %(currency)s does not match the order.")
                % {"amount": amount, "currency": (currency or "").upper()},
            )
            return "amount mismatch: flagged"
        order.status = Order.Status.PAID
        order.paid_at = timezone.now()
        order.payment_method = method[:40]
        order.save(update_fields=["status", "paid_at", "payment_method"])
        transaction.on_commit(lambda: emails.send_order_paid(order.pk))
        return "paid"


def note_payment_method(order, method):
    """The shopper chose a method (e.g. a BCA virtual account) but has not paid yet."""
    if method:
        Order.objects.filter(pk=order.pk, status=Order.Status.PENDING).update(
            payment_method=method[:40]
        )


def cancel_order(order, reason="", notify=True, method=""):
    """Pending → cancelled, giving back every reserved unit exactly once."""
    with transaction.atomic():
        order = _locked(order)
        if order.status != Order.Status.PENDING:
            return f"ignored: already {order.status}"
        order.status = Order.Status.CANCELLED
        order.cancelled_at = timezone.now()
        fields = ["status", "cancelled_at"]
        if method:
            order.payment_method = method[:40]
            fields.append("payment_method")
        order.save(update_fields=fields)
        for line in order.lines.filter(stock_reserved=True, product__isnull=False).order_by(
            "product_id", "variant_id"
        ):
            if line.variant_id:
                release_variant_stock(line.product_id, line.variant_id, line.quantity)
            elif not line.variant_label:
                release_stock(line.product_id, line.quantity)
            # else: the size or colour was deleted since; its units left the stock with it.
        return f"cancelled{': ' + reason if reason else ''}"


def mark_refunded(order, *, full=True, provider=None):
    with transaction.atomic():
        order = _locked(order)
        if order.status != Order.Status.PAID:
            return f"ignored: {order.status}"
        if not full:
            if provider:
                _flag(order, _("Partly refunded at %(provider)s.") % {"provider": provider})
            else:
                _flag(order, _("Partly refunded at Stripe."))
            return "partial refund: flagged"
        order.status = Order.Status.REFUNDED
        order.refunded_at = timezone.now()
        order.save(update_fields=["status", "refunded_at"])
        transaction.on_commit(lambda: emails.send_order_refunded(order.pk))
        return "refunded"


def flag_for_review(order, reason):
    with transaction.atomic():
        _flag(_locked(order), reason)


# --- The review queue: an editor decides a flagged, still pending order ------------------


def release_flagged(order):
    """Flagged and unpaid → cancelled, its stock given back. False if it was not in the queue."""
    with transaction.atomic():
        order = _locked(order)
        if not (order.needs_review and order.status == Order.Status.PENDING):
            return False
        cancel_order(order, reason="released after review", notify=False)
        Order.objects.filter(pk=order.pk).update(needs_review=False)
    return True


def confirm_flagged(order):
    """Flagged and unpaid → paid, keeping its stock (the editor checked the payment at Stripe)."""
    with transaction.atomic():
        order = _locked(order)
        if not (order.needs_review and order.status == Order.Status.PENDING):
            return False
        order.status = Order.Status.PAID
        order.paid_at = timezone.now()
        order.needs_review = False
        order.save(update_fields=["status", "paid_at", "needs_review"])
        transaction.on_commit(lambda: emails.send_order_paid(order.pk))
    return True


# --- Seller fulfilment ----------------------------------------------------------------


class FulfilmentError(Exception):
    pass


def _locked_delivery(delivery):
    delivery = OrderDelivery.objects.select_for_update().select_related("order").get(pk=delivery.pk)
    if delivery.order.status != Order.Status.PAID:
        raise FulfilmentError(_("Only paid orders can be fulfilled."))
    return delivery


def mark_shipped(delivery, courier, tracking_number):
    with transaction.atomic():
        delivery = _locked_delivery(delivery)
        if delivery.method != OrderDelivery.Method.SHIP:
            raise FulfilmentError(_("This order is picked up, not shipped."))
        if delivery.fulfilment not in (
            OrderDelivery.Fulfilment.NEW,
            OrderDelivery.Fulfilment.SHIPPED,
        ):
            raise FulfilmentError(_("This order is already completed."))
        delivery.fulfilment = OrderDelivery.Fulfilment.SHIPPED
        delivery.courier = courier
        delivery.tracking_number = tracking_number
        delivery.shipped_at = timezone.now()
        delivery.save(update_fields=["fulfilment", "courier", "tracking_number", "shipped_at"])
        transaction.on_commit(lambda: emails.send_fulfilment_update(delivery.pk))
    return delivery


def mark_ready_for_pickup(delivery):
    with transaction.atomic():
        delivery = _locked_delivery(delivery)
        if delivery.method != OrderDelivery.Method.PICKUP:
            raise FulfilmentError(_("This order is shipped, not picked up."))
        if delivery.fulfilment != OrderDelivery.Fulfilment.NEW:
            raise FulfilmentError(_("This order is already ready or completed."))
        delivery.fulfilment = OrderDelivery.Fulfilment.READY
        delivery.ready_at = timezone.now()
        delivery.save(update_fields=["fulfilment", "ready_at"])
        transaction.on_commit(lambda: emails.send_fulfilment_update(delivery.pk))
    return delivery


def mark_completed(delivery):
    with transaction.atomic():
        delivery = _locked_delivery(delivery)
        if delivery.fulfilment not in (
            OrderDelivery.Fulfilment.SHIPPED,
            OrderDelivery.Fulfilment.READY,
        ):
            raise FulfilmentError(_("Mark it shipped or ready for pickup first."))
        delivery.fulfilment = OrderDelivery.Fulfilment.COMPLETED
        delivery.completed_at = timezone.now()
        delivery.save(update_fields=["fulfilment", "completed_at"])
        transaction.on_commit(lambda: emails.send_fulfilment_update(delivery.pk))
    return delivery
