"""Payment providers behind one interface, and the Stripe adapter.

A provider (`PaymentProvider`) starts a payment for a pending order and says where to send the
shopper, verifies and parses its notifications, fetches a payment's status, and cancels an open
payment. `enabled_providers()` lists those named in `PAYMENT_PROVIDERS` that have keys, in that
order; with none, "Pay online" is hidden everywhere. Stripe's API calls are here and its adapter in
`stripe_provider.py`; Midtrans is in `midtrans.py`.
Another gateway (e.g. Xendit) is one more subclass registered in
`marketplace.payment_providers.PROVIDERS`.

Stripe treats IDR as a two-decimal currency even though rupiah have no cents in practice, so
Rp150.000 is sent as 15000000, and Stripe accepts at most 12 digits for an IDR amount.
"""

import logging
from dataclasses import dataclass, field

import stripe

from django.conf import settings

from ..payment_providers import (  # noqa: F401 (the orders app's names for them)
    PROVIDERS,
    enabled_providers,
    get_provider,
    online_payment_available,
)

logger = logging.getLogger(__name__)

CURRENCY = "idr"
STRIPE_MAX_IDR_AMOUNT = 999_999_999_999  # 12 digits, in Stripe's minor units
REQUEST_TIMEOUT_SECONDS = 10  # settings.STRIPE_TIMEOUT_SECONDS overrides (tests)


class AmountTooLarge(ValueError):
    pass


class PaymentProviderError(Exception):
    """The provider could not be reached, timed out or refused; the caller tells the shopper."""


class InvalidNotification(Exception):
    """A notification that is not signed by the provider or cannot be read."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class MalformedNotification(InvalidNotification):
    """Correctly signed, but not an event we can read: refused (400) and logged."""


@dataclass
class StartedPayment:
    """Where to send the shopper, and the provider's id for this attempt."""

    redirect_url: str
    reference: str


@dataclass
class PaymentStatus:
    """A provider's answer about one payment, in our words.

    `state` is one of paid, pending, failed (nothing will be paid: release the stock), refunded,
    partly_refunded, review (the provider holds it for a fraud check) or unknown (the provider
    has no such payment). `amount` is whole rupiah as the provider reports it.
    """

    state: str
    detail: str = ""
    amount: int | None = None
    currency: str = ""
    method: str = ""
    reference: str = ""
    raw: dict = field(default_factory=dict)


class PaymentProvider:
    """What checkout, notifications and reconcile need from a payment provider."""

    name = ""
    choice_label = ""  # what the shopper picks at checkout

    def is_configured(self):
        raise NotImplementedError

    def start_payment(self, order, *, return_url, cancel_url, language=""):
        """Create the payment for a pending order; returns a StartedPayment."""
        raise NotImplementedError

    def fetch_status(self, order):
        """Ask the provider about the order's current payment attempt; returns PaymentStatus."""
        raise NotImplementedError

    def cancel_payment(self, order):
        """Close an open payment so it can no longer be paid; returns PaymentStatus."""
        raise NotImplementedError

    def parse_notification(self, request):
        """Verify a notification's signature and read it; raises InvalidNotification."""
        raise NotImplementedError

    def reconcile(self, order):
        """A pending order past its payment window: settle it from the provider's status.

        Returns a short outcome ("paid", "cancelled…", "waiting…"); raises PaymentProviderError.
        """
        raise NotImplementedError


def rupiah_to_stripe_amount(rupiah):
    """Whole rupiah → Stripe's minor units for IDR (×100), refusing what Stripe would refuse."""
    if isinstance(rupiah, bool) or not isinstance(rupiah, int):
        raise TypeError("amounts are whole rupiah (int)")
    if rupiah < 0:
        raise ValueError("amounts cannot be negative")
    amount = rupiah * 100
    if amount > STRIPE_MAX_IDR_AMOUNT:
        raise AmountTooLarge(f"Rp{rupiah} is more than Stripe accepts in one payment")
    return amount


def stripe_amount_to_rupiah(amount):
    return int(amount) // 100


def stripe_configured():
    return bool(settings.STRIPE_SECRET_KEY)


def provider_for_order(order):
    # Orders from before Midtrans have no provider recorded but a Stripe session.
    name = order.payment_provider or ("stripe" if order.stripe_session_id else "")
    return get_provider(name)


def get_client():
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        # A shopper is waiting: fail fast and show a message rather than hang the request.
        max_network_retries=0,
        http_client=stripe.RequestsClient(
            timeout=getattr(settings, "STRIPE_TIMEOUT_SECONDS", REQUEST_TIMEOUT_SECONDS)
        ),
    )


def create_checkout_session(order, *, success_url, cancel_url, locale=None):
    """Create the Checkout Session for a pending order; returns the Stripe session object."""
    line_items = []
    for line in order.lines.all():
        line_items.append(
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": CURRENCY,
                    "unit_amount": rupiah_to_stripe_amount(line.unit_price),
                    "product_data": {"name": line.display_name[:250]},
                },
            }
        )
    for delivery in order.deliveries.select_related("seller"):
        if delivery.shipping_fee:
            line_items.append(
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": CURRENCY,
                        "unit_amount": rupiah_to_stripe_amount(delivery.shipping_fee),
                        "product_data": {"name": f"Ongkos kirim – {delivery.seller.title}"[:250]},
                    },
                }
            )
    params = {
        "mode": "payment",
        "currency": CURRENCY,
        "line_items": line_items,
        "client_reference_id": order.reference,
        "metadata": {"order_reference": order.reference},
        "payment_intent_data": {"metadata": {"order_reference": order.reference}},
        "expires_at": int(order.expires_at.timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if order.customer_email:  # optional at checkout when a phone number is given
        params["customer_email"] = order.customer_email
    if locale in ("id", "en"):
        params["locale"] = locale
    try:
        return get_client().v1.checkout.sessions.create(
            params=params,
            # Derived from the order: a retried request can never create a second session.
            options={"idempotency_key": f"checkout-{order.reference}"},
        )
    except stripe.StripeError as error:
        logger.warning("Stripe session create failed for %s: %s", order.reference, error)
        raise PaymentProviderError(str(error)) from error


def retrieve_checkout_session(session_id):
    try:
        return get_client().v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error)) from error


def expire_checkout_session(session_id):
    try:
        return get_client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as error:
        raise PaymentProviderError(str(error)) from error
