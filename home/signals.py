from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .navigation import forget_navigation


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(forget_navigation, dispatch_uid=f"forget-nav-{signal!r}")
    post_delete.connect(forget_navigation, sender=Page, dispatch_uid="forget-nav-delete")
