from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SellerportalConfig(AppConfig):
    name = "marketplace.sellerportal"
    label = "sellerportal"
    verbose_name = _("Seller portal")

    def ready(self):
        from . import signals  # noqa: F401
        from .setup import post_migrate_setup

        post_migrate.connect(post_migrate_setup, sender=self, dispatch_uid="sellerportal-setup")
