"""Midtrans (Snap): QRIS, bank virtual accounts and e-wallets, through the official client.

Midtrans takes whole rupiah: Rp150.000 is sent as 150000 (no ×100, unlike Stripe). Each payment
attempt gets its own Midtrans `order_id` (the order reference plus a random suffix), because
Midtrans refuses an `order_id` it has seen before. The Snap page expires when the order's stock
reservation does, so nothing can be paid for stock that was given back.

`MIDTRANS_API_BASE` points both the Snap and the Core API at another host (tests use a local
fake server); otherwise `MIDTRANS_IS_PRODUCTION` chooses Midtrans' sandbox or production hosts.
"""

import datetime
import hashlib
import hmac
import json
import logging
import secrets
from decimal import Decimal, InvalidOperation

import midtransclient
import requests

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import lifecycle
from .payments import (
    InvalidNotification,
    PaymentProvider,
    PaymentProviderError,
    PaymentStatus,
    StartedPayment,
)

logger = logging.getLogger(__name__)

CURRENCY = "IDR"
NAME_LIMIT = 50  # Midtrans cuts item names at 50 characters; we do it ourselves, predictably

# transaction_status → our state. `capture` (cards) depends on fraud_status, see to_state.
STATES = {
    "settlement": "paid",
    "pending": "pending",
    "authorize": "pending",
    "deny": "failed",
    "cancel": "failed",
    "expire": "failed",
    "failure": "failed",
    "refund": "refunded",
    "partial_refund": "partly_refunded",
}


def rupiah_to_midtrans_amount(rupiah):
    """Whole rupiah → Midtrans' `gross_amount`/`price`: the same number (IDR has no minor unit)."""
    if isinstance(rupiah, bool) or not isinstance(rupiah, int):
        raise TypeError("amounts are whole rupiah (int)")
    if rupiah < 0:
        raise ValueError("amounts cannot be negative")
    return rupiah


def midtrans_amount_to_rupiah(value):
    """Midtrans reports "150000.00"; None when it is not a whole number of rupiah."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount != amount.to_integral_value():
        return None
    return int(amount)


def signature_for(order_id, status_code, gross_amount, server_key):
    """Midtrans' notification signature: SHA-512 of order_id + status_code + gross_amount + key."""
    text = f"{order_id}{status_code}{gross_amount}{server_key}"
    return hashlib.sha512(text.encode()).hexdigest()


def payment_method_of(status):
    """A short code for how the shopper paid: qris, gopay, bca_va, permata_va, echannel…"""
    payment_type = status.get("payment_type") or ""
    if payment_type == "bank_transfer":
        if status.get("permata_va_number"):
            return "permata_va"
        banks = [v.get("bank") for v in status.get("va_numbers") or [] if isinstance(v, dict)]
        return f"{banks[0]}_va" if banks and banks[0] else "other_va"
    if payment_type == "cstore":
        return "cstore"
    return str(payment_type)[:40]


def to_state(status):
    transaction_status = status.get("transaction_status") or ""
    if transaction_status == "capture":
        fraud = status.get("fraud_status") or "accept"
        return {"accept": "paid", "challenge": "review", "deny": "failed"}.get(fraud, "review")
    return STATES.get(transaction_status, "unknown")


def event_id(status):
    """One id per state of one payment: a repeated notification of the same state is a duplicate."""
    return ":".join(
        [
            "midtrans",
            str(status.get("order_id") or ""),
            str(status.get("transaction_status") or ""),
            str(status.get("fraud_status") or ""),
        ]
    )[:255]


class _TimeoutSession(requests.Session):
    """The client calls `requests` without a timeout; a shopper is waiting, so fail fast."""

    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def get_client():
    snap = midtransclient.Snap(
        is_production=settings.MIDTRANS_IS_PRODUCTION,
        server_key=settings.MIDTRANS_SERVER_KEY,
        client_key=settings.MIDTRANS_CLIENT_KEY,
    )
    base = settings.MIDTRANS_API_BASE.rstrip("/")
    if base:
        # The client reads its hosts from these ApiConfig attributes; set on this instance only.
        config = snap.api_config
        config.CORE_SANDBOX_BASE_URL = config.CORE_PRODUCTION_BASE_URL = base
        config.SNAP_SANDBOX_BASE_URL = config.SNAP_PRODUCTION_BASE_URL = base + "/snap/v1"
    snap.http_client.http_client = _TimeoutSession(settings.MIDTRANS_TIMEOUT_SECONDS)
    return snap


def _call(action, order_id, call):
    try:
        return call()
    except midtransclient.error_midtrans.MidtransAPIError as error:
        body = error.api_response_dict or {}
        if str(body.get("status_code")) == "404" or error.http_status_code == 404:
            return None
        logger.warning("Midtrans %s failed for %s: %s", action, order_id, error)
        raise PaymentProviderError(str(error)[:500]) from error
    except (requests.RequestException, midtransclient.error_midtrans.JSONDecodeError) as error:
        logger.warning("Midtrans %s failed for %s: %s", action, order_id, error)
        raise PaymentProviderError(str(error)[:500]) from error


def snap_parameters(order, *, order_id, finish_url):
    items = []
    for line in order.lines.all():
        items.append(
            {
                # Two sizes of one product are two items.
                "id": (
                    f"{line.product_id}-{line.variant_id}"
                    if line.product_id and line.variant_id
                    else str(line.product_id or f"line-{line.pk}")
                ),
                "price": rupiah_to_midtrans_amount(line.unit_price),
                "quantity": line.quantity,
                "name": line.display_name[:NAME_LIMIT],
            }
        )
    for delivery in order.deliveries.select_related("seller"):
        if delivery.shipping_fee:
            items.append(
                {
                    "id": f"ongkir-{delivery.seller_id}",
                    "price": rupiah_to_midtrans_amount(delivery.shipping_fee),
                    "quantity": 1,
                    "name": f"Ongkos kirim – {delivery.seller.title}"[:NAME_LIMIT],
                }
            )
    # The Snap page closes when the stock reservation ends (to the second, never after it).
    minutes = max(1, round((order.expires_at - order.created_at).total_seconds() / 60))
    start = timezone.localtime(order.expires_at - datetime.timedelta(minutes=minutes))
    params = {
        "transaction_details": {
            "order_id": order_id,
            "gross_amount": rupiah_to_midtrans_amount(order.total),
        },
        "item_details": items,
        # E-mail and phone are each optional at checkout (one of them is given); Midtrans
        # rejects an empty e-mail, so blanks are left out.
        "customer_details": {
            key: value
            for key, value in [
                ("first_name", order.customer_name),
                ("email", order.customer_email),
                ("phone", order.customer_phone),
            ]
            if value
        },
        "expiry": {
            "start_time": start.strftime("%Y-%m-%d %H:%M:%S %z"),
            "unit": "minutes",
            "duration": minutes,
        },
        "callbacks": {"finish": finish_url},
    }
    enabled = [p.strip() for p in settings.MIDTRANS_ENABLED_PAYMENTS.split(",") if p.strip()]
    if enabled:
        params["enabled_payments"] = enabled
    return params


def parse_status(status):
    """A Midtrans transaction status (dict) → PaymentStatus; None (not found) → unknown."""
    if status is None:
        return PaymentStatus(state="unknown", detail="not found")
    return PaymentStatus(
        state=to_state(status),
        detail=str(status.get("transaction_status") or ""),
        amount=midtrans_amount_to_rupiah(status.get("gross_amount")),
        currency=str(status.get("currency") or CURRENCY).upper(),
        method=payment_method_of(status),
        reference=str(status.get("order_id") or ""),
        raw=status,
    )


def apply_status(order, status):
    """Apply a Midtrans status the app fetched itself; returns a short outcome for the log."""
    if status.state == "paid":
        return lifecycle.mark_paid_by_provider(
            order,
            amount=status.amount,
            currency=status.currency,
            method=status.method,
            reference=status.reference,
        )
    if status.state == "failed":
        return lifecycle.cancel_order(order, reason=status.detail, method=status.method)
    if status.state in ("refunded", "partly_refunded"):
        return lifecycle.mark_refunded(
            order, full=status.state == "refunded", provider=_("Midtrans")
        )
    if status.state == "review":
        lifecycle.flag_for_review(order, _("Midtrans holds this card payment for a fraud check."))
        return "challenge: flagged"
    if status.state == "pending":
        lifecycle.note_payment_method(order, status.method)
        return "waiting for payment"
    return "ignored: unknown status"


class MidtransProvider(PaymentProvider):
    name = "midtrans"
    choice_label = _("QRIS / bank transfer / e-wallet")

    def is_configured(self):
        return bool(settings.MIDTRANS_SERVER_KEY)

    def start_payment(self, order, *, return_url, cancel_url, language=""):
        order_id = f"{order.reference}-{secrets.token_hex(3)}"
        order.payment_reference = order_id
        order.save(update_fields=["payment_reference"])
        params = snap_parameters(order, order_id=order_id, finish_url=return_url)
        result = _call("create", order_id, lambda: get_client().create_transaction(params))
        if not result or not result.get("redirect_url"):
            raise PaymentProviderError("Midtrans returned no redirect_url")
        return StartedPayment(redirect_url=result["redirect_url"], reference=order_id)

    def fetch_status(self, order):
        order_id = order.payment_reference
        return parse_status(
            _call("status", order_id, lambda: get_client().transactions.status(order_id))
        )

    def cancel_payment(self, order):
        order_id = order.payment_reference
        # Pending VA/QRIS payments are closed with `expire`; `cancel` is for card authorisations.
        _call("expire", order_id, lambda: get_client().transactions.expire(order_id))
        return self.fetch_status(order)

    def reconcile(self, order):
        status = self.fetch_status(order)
        if status.state == "pending":
            status = self.cancel_payment(order)
        if status.state == "unknown":
            # The shopper never chose a method on the Snap page, which has expired by now.
            return lifecycle.cancel_order(order, reason="no Midtrans transaction")
        return apply_status(order, status)

    # --- Notifications ------------------------------------------------------------------

    def parse_notification(self, request):
        """Check a notification's signature; returns its signed fields. Raises InvalidNotification.

        The body is only used to know which transaction to look up: what to do comes from the
        status fetched afterwards (`fetch_status`).
        """
        if not self.is_configured():
            raise InvalidNotification("Midtrans is not configured")
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError) as error:
            raise InvalidNotification("not JSON") from error
        if not isinstance(body, dict):
            raise InvalidNotification("not a JSON object")
        fields = {}
        for name in ("order_id", "status_code", "gross_amount", "signature_key"):
            value = body.get(name)
            if not isinstance(value, str) or not value or len(value) > 255:
                raise InvalidNotification(f"missing {name}")
            fields[name] = value
        expected = signature_for(
            fields["order_id"],
            fields["status_code"],
            fields["gross_amount"],
            settings.MIDTRANS_SERVER_KEY,
        )
        if not hmac.compare_digest(expected, fields["signature_key"].lower()):
            raise InvalidNotification("invalid signature", status=403)
        return fields
