from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .products import ProductPage, apply_pending_offer
from .taxonomy import Category, CertificationType, Region, Sector, forget_taxonomy


@receiver(post_save, sender=ProductPage, dispatch_uid="product-stock-record")
def product_saved(sender, instance, **kwargs):
    apply_pending_offer(instance)


# The catalogue caches the taxonomy; any change to it must be seen at once.
for _model in (Sector, Category, Region, CertificationType):
    post_save.connect(
        forget_taxonomy, sender=_model, dispatch_uid=f"taxonomy-save-{_model.__name__}"
    )
    post_delete.connect(
        forget_taxonomy, sender=_model, dispatch_uid=f"taxonomy-delete-{_model.__name__}"
    )
