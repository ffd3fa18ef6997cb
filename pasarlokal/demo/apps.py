from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for `manage.py seed_demo`; reads every app, nothing imports it."""

    name = "pasarlokal.demo"
    label = "demo"
