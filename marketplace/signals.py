from django.db.models.signals import post_save
from django.dispatch import receiver

from .products import ProductPage, apply_pending_offer


@receiver(post_save, sender=ProductPage, dispatch_uid="product-stock-record")
def product_saved(sender, instance, **kwargs):
    apply_pending_offer(instance)
