import types

import pytest

from tests.campaign.factories import (
    CampaignIndexPageFactory,
    CentreIndexPageFactory,
    EventIndexPageFactory,
)
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductImageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)


@pytest.fixture
def campaign(home_page):
    """The three campaign sections under the home page."""
    return types.SimpleNamespace(
        home=home_page,
        stories=CampaignIndexPageFactory(parent=home_page),
        events=EventIndexPageFactory(parent=home_page),
        centres=CentreIndexPageFactory(parent=home_page),
    )


@pytest.fixture
def shop(home_page):
    """A catalogue, a seller and a factory for that seller's live products (with a photo)."""
    CatalogueIndexPageFactory(parent=home_page)
    sellers = SellerIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(parent=sellers)

    def make_product(seller=seller, **kwargs):
        product = ProductPageFactory(parent=seller, **kwargs)
        ProductImageFactory(product=product)
        return product

    def make_seller(**kwargs):
        return SellerPageFactory(parent=sellers, **kwargs)

    return types.SimpleNamespace(seller=seller, make_product=make_product, make_seller=make_seller)


@pytest.fixture
def admin_client(client, db):
    """A client logged in as a superuser (force_login: django-axes wants a request on login)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(user)
    return client
