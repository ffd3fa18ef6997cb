"""On a 390px phone the product page's add-to-cart and WhatsApp are in the first screen."""

import pytest

from tests.factories import (
    CategoryFactory,
    ProductImageFactory,
    ProductPageFactory,
    SectorFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buy_and_whatsapp_are_in_the_first_screen_on_a_phone(browser_page, home_page, live_site):
    seller = SellerPageFactory(
        parent=SellerIndexPageFactory(parent=home_page),
        title="Dapur Inaq Ros",
        slug="dapur-inaq-ros",
        whatsapp="0812-3456-7890",
    )
    product = ProductPageFactory(
        parent=seller,
        title="Bumbu Ayam Taliwang Instan 150 g",
        slug="bumbu-ayam-taliwang",
        summary="Bumbu ayam taliwang pedas asli Karang Taliwang.",
        category=CategoryFactory(sector=SectorFactory(name="Ekonomi Kreatif"), name="Kuliner"),
        stock__price=35_000,
    )
    ProductImageFactory(product=product)
    ProductImageFactory(product=product)

    page = browser_page
    page.goto(product.url)
    viewport_height = page.viewport_size["height"]
    assert viewport_height == 844
    # The add-to-cart is whole in the first screen; WhatsApp starts in it (two photos add a row
    # of thumbnails above).
    cart = page.get_by_role("button", name="Tambah ke keranjang").bounding_box()
    assert cart["y"] + cart["height"] <= viewport_height, cart
    whatsapp = page.get_by_role("link", name="Chat lewat WhatsApp").bounding_box()
    assert whatsapp["y"] < viewport_height, whatsapp
    browser_page.check_accessibility()
