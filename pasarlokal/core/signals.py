from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .caching import PAGE_TREE, forgetter

forget_page_tree = forgetter(PAGE_TREE)


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(forget_page_tree, dispatch_uid=f"pl-page-tree-{signal!r}")
    post_delete.connect(forget_page_tree, sender=Page, dispatch_uid="pl-page-tree-delete")
