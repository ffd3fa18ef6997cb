from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from . import card_cache, sellers, signals  # noqa: F401

        card_cache.connect()
        sellers.connect_product_counts()
