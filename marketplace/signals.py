from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from pasarlokal.core.renditions import expand, make_renditions_later

from . import tally
from .feeds import forget_feeds
from .products import ProductImage, ProductPage, StockRecord, apply_pending_offer, stock_updated
from .sellers import SellerPage
from .seo import LD_IMAGE_SPEC, SOCIAL_IMAGE_SPEC
from .taxonomy import Category, CertificationType, Region, Sector, forget_taxonomy
from .translations import default_locale_pk


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


# Renditions a product's photos need on its card, its page (gallery, thumbnails) and social
# previews; made when the photo is uploaded and when the product is published, not on first view.
PRODUCT_PHOTO_SPECS = expand(
    "format-{webp,jpeg} fill-{240x240,360x360,480x480}",  # components/product_card.html
    "format-{avif,webp,jpeg} fill-{400x400,800x800}",  # product_page.html gallery
    "format-{webp,jpeg} fill-{80x80,160x160}",  # product_page.html thumbnails
) + [SOCIAL_IMAGE_SPEC, LD_IMAGE_SPEC]


@receiver(post_save, dispatch_uid="image-uploaded-renditions")
def image_uploaded(sender, instance, created, **kwargs):
    if created and sender is get_image_model() and not kwargs.get("raw"):
        make_renditions_later([instance.pk], PRODUCT_PHOTO_SPECS)


@receiver(page_published, sender=ProductPage, dispatch_uid="product-published-renditions")
def product_published(sender, instance, **kwargs):
    make_renditions_later(
        instance.gallery_images.values_list("image_id", flat=True), PRODUCT_PHOTO_SPECS
    )


@receiver(page_unpublished, sender=SellerPage, dispatch_uid="seller-unpublished-products")
def seller_unpublished(sender, instance, **kwargs):
    """A storefront taken offline (an editor suspending a seller, an expiry date) takes its live
    products, and their translations, offline with it, whether or not the editor ticked
    "unpublish the child pages too": otherwise they stay in the catalogue, search and the cart
    with no seller page behind them. Each is unpublished as Wagtail does it (logged, signalled,
    its cached pages forgotten); republishing the storefront leaves them for the seller and the
    reviewers to republish."""
    products = ProductPage.objects.descendant_of(instance).live().defer_streamfields().specific()
    for product in products.iterator():
        product.unpublish()


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


# The catalogue's facet tally counts each listed product by its category, region, stock, price
# and "buy online" (its seller's too): every change to those recounts the product, in the
# change's own transaction (marketplace.tally).
TALLIED_PAGE_FIELDS = {"live", "locale", "category", "origin_region", "made_to_order", "seller"}


@receiver(post_save, sender=ProductPage, dispatch_uid="tally-product-saved")
@receiver(post_delete, sender=ProductPage, dispatch_uid="tally-product-deleted")
def _tally_product(sender, instance, update_fields=None, **kwargs):
    # A draft saved (Wagtail names the few fields it writes) changes nothing the tally counts.
    if kwargs.get("raw") or (update_fields is not None and not TALLIED_PAGE_FIELDS & update_fields):
        return
    tally.touch([instance.pk])


@receiver(post_page_move, dispatch_uid="product-moved")
def _product_moved(sender, instance, parent_page_after=None, **kwargs):
    """A product moved to another storefront belongs to that seller: its `seller` (which listings
    and "buy online" read) is set on save, and a move saves only the plain page row. Then the
    tally recounts it (the new seller may not sell online). `instance` is a plain Page here;
    `sender` is its specific class."""
    if sender is None or not issubclass(sender, ProductPage) or parent_page_after is None:
        return
    seller_pk = default_locale_pk(parent_page_after) or parent_page_after.pk
    ProductPage.objects.filter(pk=instance.pk).exclude(seller_id=seller_pk).update(
        seller_id=seller_pk
    )
    tally.touch([instance.pk])


@receiver(post_save, sender=StockRecord, dispatch_uid="tally-stock-saved")
@receiver(post_delete, sender=StockRecord, dispatch_uid="tally-stock-deleted")
def _tally_stock(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        tally.touch([instance.product_id])


@receiver(stock_updated, dispatch_uid="tally-stock-updated")
def _tally_stock_updated(sender, product_ids, **kwargs):
    """A purchase, a restock or a price change as one UPDATE (no post_save)."""
    tally.touch(product_ids)


@receiver(post_save, sender=SellerPage, dispatch_uid="tally-seller-saved")
def _tally_seller(sender, instance, update_fields=None, **kwargs):
    """A seller's "sells online" decides its products' "buy online" (saved when published)."""
    if kwargs.get("raw") or (update_fields is not None and "sells_online" not in update_fields):
        return
    tally.touch(ProductPage.objects.filter(seller=instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Region, dispatch_uid="tally-region-deleted")
def _tally_region(sender, instance, **kwargs):
    """Deleting a region sets its products' region to none in SQL, with no signal per product."""
    tally.touch(
        tally.TalliedProduct.objects.filter(region=instance.pk).values_list("product", flat=True)
    )
