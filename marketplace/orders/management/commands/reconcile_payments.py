"""Settle pending orders whose payment window has passed, by asking Stripe what happened.

For webhooks that never arrived. Run it every 15 minutes (cron, systemd timer or your
platform's scheduler): `python manage.py reconcile_payments`.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from marketplace.orders import lifecycle
from marketplace.orders.models import Order
from marketplace.orders.payments import (
    PaymentProviderError,
    expire_checkout_session,
    retrieve_checkout_session,
    stripe_configured,
)
from marketplace.orders.webhooks import apply_session


def reconcile(now=None, log=lambda message: None):
    """Returns a dict of counts: paid, cancelled, waiting, errors."""
    now = now or timezone.now()
    counts = {"paid": 0, "cancelled": 0, "waiting": 0, "errors": 0}
    overdue = Order.objects.filter(
        status=Order.Status.PENDING, needs_review=False, expires_at__lt=now
    ).order_by("expires_at")
    for order in overdue:
        if not order.stripe_session_id:
            # The session was never created (e.g. the process died): nothing can be paid.
            lifecycle.cancel_order(order, reason="no payment session")
            counts["cancelled"] += 1
            log(f"{order.reference}: cancelled (no session)")
            continue
        try:
            session = retrieve_checkout_session(order.stripe_session_id).to_dict()
            if session.get("status") == "open":
                session = expire_checkout_session(order.stripe_session_id).to_dict()
        except PaymentProviderError as error:
            counts["errors"] += 1
            log(f"{order.reference}: Stripe error {error}")
            continue
        if session.get("status") == "complete":
            outcome = apply_session(order, session, "checkout.session.completed")
        elif session.get("status") == "expired":
            outcome = apply_session(order, session, "checkout.session.expired")
        else:
            outcome = "waiting"
        key = (
            "paid"
            if outcome == "paid"
            else "cancelled"
            if outcome.startswith("cancelled")
            else "waiting"
        )
        counts[key] += 1
        log(f"{order.reference}: {outcome}")
    return counts


class Command(BaseCommand):
    help = "Ask Stripe about pending orders past their payment window and apply the result."

    def handle(self, *args, **options):
        if not stripe_configured():
            self.stdout.write("STRIPE_SECRET_KEY is not set; only sessionless orders are settled.")
        verbosity = options["verbosity"]
        counts = reconcile(log=lambda m: self.stdout.write(m) if verbosity > 1 else None)
        self.stdout.write(
            "reconciled: {paid} paid, {cancelled} cancelled, {waiting} still waiting, {errors} errors".format(
                **counts
            )
        )
