"""Everything that can show on a public page forgets the cached pages when it changes.

Lives in home: the one app allowed to know the models of every section.
"""

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site

from campaign.centres import CentrePhoto
from campaign.pledges import Pledge
from campaign.stories import Author
from marketplace.products import Certificate, ProductImage, StockRecord
from marketplace.sellers import SellerPhoto
from marketplace.taxonomy import Category, CertificationType, Region, Sector
from pasarlokal.core import pagecache

from .models import HomeFeaturedProduct, SiteSettings


def connect():
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
            Pledge,  # the counter on the home and campaign pages
            HomeFeaturedProduct,
            PageViewRestriction,
            Site,
            Redirect,
            get_image_model(),
        ],
        changed_only=[SiteSettings],
    )
