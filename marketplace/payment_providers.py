"""Which payment providers the site has, and whether any is configured.

The marketplace core needs one fact about payments: is a provider configured? Without one the
site takes WhatsApp orders only, so "Buy online" (`products.BUY_ONLINE`) means nothing. The
adapters themselves live in `marketplace/orders/` (`payments.py`, `midtrans.py`); they are named
here by dotted path so the core does not import the orders app.
"""

from django.conf import settings
from django.utils.module_loading import import_string

PROVIDERS = {
    "midtrans": "marketplace.orders.midtrans.MidtransProvider",
    "stripe": "marketplace.orders.stripe_provider.StripeProvider",
}


def get_provider(name):
    """The adapter called `name` (configured or not); None for an unknown name."""
    path = PROVIDERS.get(name)
    return import_string(path)() if path else None


def enabled_providers():
    """The providers named in PAYMENT_PROVIDERS that have their keys, in that order."""
    names = [n.strip().lower() for n in settings.PAYMENT_PROVIDERS.split(",") if n.strip()]
    providers = []
    for name in dict.fromkeys(names):
        provider = get_provider(name)
        if provider is not None and provider.is_configured():
            providers.append(provider)
    return providers


def online_payment_available():
    """A payment provider is configured: without one, nothing can be bought online."""
    return bool(enabled_providers())
