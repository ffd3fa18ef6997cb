from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    label = "campaign"
    verbose_name = _("Campaign")

    def ready(self):
        from . import pledges  # models are importable only once the apps are ready

        pledges.connect()
