from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .feeds import forget_feeds
from .products import ProductImage, ProductPage, StockRecord, apply_pending_offer
from .sellers import SellerPage
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


# Product feeds are cached whole; publishing, unpublishing or a stock/price change rebuilds them.
def _forget_feeds_for_page(sender, instance, **kwargs):
    if isinstance(instance, (ProductPage, SellerPage)):
        forget_feeds()


def _forget_feeds(sender, **kwargs):
    forget_feeds()


page_published.connect(_forget_feeds_for_page, dispatch_uid="feeds-page-published")
page_unpublished.connect(_forget_feeds_for_page, dispatch_uid="feeds-page-unpublished")
for _model in (StockRecord, ProductImage):
    post_save.connect(_forget_feeds, sender=_model, dispatch_uid=f"feeds-save-{_model.__name__}")
    post_delete.connect(
        _forget_feeds, sender=_model, dispatch_uid=f"feeds-delete-{_model.__name__}"
    )
