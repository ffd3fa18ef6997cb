"""The Stripe adapter (cards, Stripe Checkout) behind the provider interface in `payments.py`."""

import json

import stripe

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import lifecycle
from .payments import (
    InvalidNotification,
    MalformedNotification,
    PaymentProvider,
    PaymentStatus,
    StartedPayment,
    create_checkout_session,
    expire_checkout_session,
    retrieve_checkout_session,
    stripe_amount_to_rupiah,
    stripe_configured,
)


def apply_session(order, session, event_type):
    """Apply what a Checkout Session says to its order (used by webhooks and reconcile)."""
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if session.get("payment_status") in ("paid", "no_payment_required"):
            return lifecycle.mark_paid(order, session)
        return "waiting for payment"
    if event_type in ("checkout.session.async_payment_failed", "checkout.session.expired"):
        return lifecycle.cancel_order(order, reason=event_type.rsplit(".", 1)[-1])
    return "ignored"


class StripeProvider(PaymentProvider):
    """Stripe Checkout (cards): the behaviour the site had before Midtrans, unchanged."""

    name = "stripe"
    choice_label = _("Card")

    def is_configured(self):
        return stripe_configured()

    def start_payment(self, order, *, return_url, cancel_url, language=""):
        session = create_checkout_session(
            order,
            # Stripe fills in {CHECKOUT_SESSION_ID}; it must not be URL-encoded.
            success_url=return_url + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=cancel_url,
            locale=language,
        )
        type(order).objects.filter(pk=order.pk).update(stripe_session_id=session.id)
        return StartedPayment(redirect_url=session.url, reference=session.id)

    def fetch_status(self, order):
        session = retrieve_checkout_session(order.stripe_session_id).to_dict()
        return self._status(session)

    def cancel_payment(self, order):
        return self._status(expire_checkout_session(order.stripe_session_id).to_dict())

    def parse_notification(self, request):
        """A webhook event, checked against STRIPE_WEBHOOK_SECRET (5 minutes' tolerance)."""
        secret = settings.STRIPE_WEBHOOK_SECRET
        signature = request.headers.get("Stripe-Signature")
        if not secret or not signature:
            raise InvalidNotification("missing signature")
        try:
            payload = request.body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                payload, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE
            )
        except (UnicodeDecodeError, stripe.SignatureVerificationError) as error:
            raise InvalidNotification("invalid signature") from error
        # Correctly signed from here on: what is wrong is the event itself.
        try:
            event = json.loads(payload)
        except ValueError as error:
            raise MalformedNotification("not JSON") from error
        if not isinstance(event, dict) or not event.get("id"):
            raise MalformedNotification("not an event")
        return event

    @staticmethod
    def _status(session):
        if session.get("status") == "complete":
            state = "paid" if session.get("payment_status") != "unpaid" else "pending"
        else:
            state = {"expired": "failed", "open": "pending"}.get(session.get("status"), "unknown")
        return PaymentStatus(
            state=state,
            detail=session.get("status") or "",
            amount=stripe_amount_to_rupiah(session["amount_total"])
            if session.get("amount_total") is not None
            else None,
            currency=(session.get("currency") or "").upper(),
            method="card",
            reference=session.get("id") or "",
            raw=session,
        )

    def reconcile(self, order):
        session = retrieve_checkout_session(order.stripe_session_id).to_dict()
        if session.get("status") == "open":
            session = expire_checkout_session(order.stripe_session_id).to_dict()
        if session.get("status") == "complete":
            return apply_session(order, session, "checkout.session.completed")
        if session.get("status") == "expired":
            return apply_session(order, session, "checkout.session.expired")
        return "waiting"
