import types

import pytest

from tests.campaign.factories import (
    CampaignIndexPageFactory,
    CentreIndexPageFactory,
    CentrePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    StoryPageFactory,
)
from tests.factories import (
    CatalogueIndexPageFactory,
    CategoryFactory,
    ProductImageFactory,
    ProductPageFactory,
    RegionFactory,
    SectorFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)


@pytest.fixture
def public_site(home_page):
    """Every public page type, with one of each thing: what a visitor (or an attacker) can reach."""
    sector = SectorFactory()
    CategoryFactory(sector=sector)
    RegionFactory()
    CatalogueIndexPageFactory(parent=home_page)
    sellers = SellerIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(parent=sellers)
    product = ProductPageFactory(parent=seller)
    ProductImageFactory(product=product)
    stories = CampaignIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=stories)
    events = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=events)
    centres = CentreIndexPageFactory(parent=home_page)
    CentrePageFactory(parent=centres)
    return types.SimpleNamespace(home=home_page, seller=seller, product=product)
