from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SellerportalConfig(AppConfig):
    name = "marketplace.sellerportal"
    label = "sellerportal"
    verbose_name = _("Seller portal")
