from django.db.models.signals import post_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .navigation import forget_navigation


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(forget_navigation, dispatch_uid=f"forget-nav-{signal!r}")
    post_delete.connect(forget_navigation, sender=Page, dispatch_uid="forget-nav-delete")


def connect_page_cache():
    """Everything that can show on a public page forgets the cached pages when it changes."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from campaign.centres import CentrePhoto
    from campaign.stories import Author
    from marketplace.products import Certificate, ProductImage, StockRecord
    from marketplace.sellers import SellerPhoto
    from marketplace.taxonomy import Category, CertificationType, Region, Sector
    from pasarlokal.core import pagecache

    from .models import HomeFeaturedProduct, SiteSettings

    pagecache.connect(
        models=[
            StockRecord,
            Certificate,
            ProductImage,
            SellerPhoto,
            CentrePhoto,
            Sector,
            Category,
            Region,
            CertificationType,
            Author,
            HomeFeaturedProduct,
            PageViewRestriction,
            Site,
            Redirect,
            get_image_model(),
        ],
        changed_only=[SiteSettings],
    )
