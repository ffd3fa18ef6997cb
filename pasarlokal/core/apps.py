from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared floor every app builds on: no models, only helpers and template tags."""

    name = "pasarlokal.core"
    label = "core"

    def ready(self):
        # signals and renditions import Wagtail's models: only once the apps are ready
        from . import listing, renditions, signals

        signals.connect()
        listing.skip_view_restrictions_when_none()
        renditions.reuse_image_tag_filters()
        renditions.survive_concurrent_renditions()
