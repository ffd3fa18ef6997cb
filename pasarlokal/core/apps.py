from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared floor every app builds on: no models, only helpers and template tags."""

    name = "pasarlokal.core"
    label = "core"

    def ready(self):
        from . import signals  # signals import Wagtail's models: only once the apps are ready

        signals.connect()
