from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "marketplace.programme"
    label = "programme"
    verbose_name = _("IKM programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .setup import post_migrate_setup

        post_migrate.connect(post_migrate_setup, dispatch_uid="programme-setup")
