from django.db.models.signals import post_save
from django.dispatch import receiver

from marketplace.sellers import SellerIndexPage

from .setup import assign_workflow


@receiver(post_save, sender=SellerIndexPage, dispatch_uid="sellerportal-assign-workflow")
def seller_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_workflow(instance)
