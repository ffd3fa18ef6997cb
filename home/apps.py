from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (deployment checks register themselves)
            page_cache,  # imports every section's models: only once the apps are ready
            routing,
        )

        page_cache.connect()
        routing.connect()
