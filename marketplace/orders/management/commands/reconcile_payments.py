"""Settle pending orders whose payment window has passed, by asking their provider what happened.

For notifications that never arrived, from Stripe or Midtrans. Run it every 15 minutes (cron,
systemd timer or your platform's scheduler): `python manage.py reconcile_payments`.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from marketplace.orders import lifecycle
from marketplace.orders.models import Order
from marketplace.orders.payments import (
    PaymentProviderError,
    enabled_providers,
    provider_for_order,
)


def reconcile(now=None, log=lambda message: None):
    """Returns a dict of counts: paid, cancelled, waiting, errors."""
    now = now or timezone.now()
    counts = {"paid": 0, "cancelled": 0, "waiting": 0, "errors": 0}
    overdue = Order.objects.filter(
        status=Order.Status.PENDING, needs_review=False, expires_at__lt=now
    ).order_by("expires_at")
    for order in overdue:
        provider = provider_for_order(order)
        if provider is None or not (order.stripe_session_id or order.payment_reference):
            # The payment was never created (e.g. the process died): nothing can be paid.
            lifecycle.cancel_order(order, reason="no payment session")
            counts["cancelled"] += 1
            log(f"{order.reference}: cancelled (no session)")
            continue
        try:
            outcome = provider.reconcile(order)
        except PaymentProviderError as error:
            counts["errors"] += 1
            log(f"{order.reference}: {provider.name} error {error}")
            continue
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
    help = "Ask Stripe or Midtrans about pending orders past their payment window and apply it."

    def handle(self, *args, **options):
        if not enabled_providers():
            self.stdout.write(
                "No payment provider is configured; only sessionless orders are settled."
            )
        verbosity = options["verbosity"]
        counts = reconcile(log=lambda m: self.stdout.write(m) if verbosity > 1 else None)
        self.stdout.write(
            "reconciled: {paid} paid, {cancelled} cancelled, {waiting} still waiting, {errors} errors".format(
                **counts
            )
        )
