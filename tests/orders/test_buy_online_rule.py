"""One rule for "can be bought online": the badge, the catalogue facet and the cart agree."""

import pytest

from marketplace.products import ProductPage
from tests.factories import CatalogueIndexPageFactory, ProductPageFactory

from .conftest import add_to_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def made_to_order(shop, home_page):
    """A made-to-order product at zero stock, with a price, from a seller who sells online."""
    CatalogueIndexPageFactory(parent=home_page, slug="katalog")
    return ProductPageFactory(
        parent=shop.online,
        title="Gerabah Pesanan",
        slug="gerabah",
        made_to_order=True,
        stock__quantity=0,
        stock__price=90000,
    )


def test_made_to_order_at_zero_stock_is_buyable_online_everywhere(client, shop, made_to_order):
    # The cart takes it and offers to pay online: it can be paid for…
    add_to_cart(client, made_to_order, 2)
    assert client.session["cart"] == {str(made_to_order.pk): 2}
    # …so the product page and the card show the "Buy online" badge…
    page = client.get(made_to_order.url).content.decode()
    assert "Beli online" in page
    online = client.get("/katalog/", {"tersedia": "online"})
    assert "Gerabah Pesanan" in [p.title for p in online.context["products"]]
    assert "Beli online" in online.content.decode()
    # …and it is not listed under "contact the seller".
    contact = client.get("/katalog/", {"tersedia": "kontak"})
    assert "Gerabah Pesanan" not in [p.title for p in contact.context["products"]]
    # The queryset and the property say the same.
    assert ProductPage.objects.buyable_online().filter(pk=made_to_order.pk).exists()
    assert ProductPage.objects.get(pk=made_to_order.pk).can_buy_online


def test_out_of_stock_ready_made_product_is_not_buyable_anywhere(client, shop, made_to_order):
    ProductPage.objects.filter(pk=shop.songket.pk).update(made_to_order=False)
    shop.songket.stock.quantity = 0
    shop.songket.stock.save()
    add_to_cart(client, shop.songket, 1)
    assert client.session.get("cart", {}) == {}
    assert "Beli online" not in client.get(shop.songket.url).content.decode()
    online = client.get("/katalog/", {"tersedia": "online"})
    assert "Songket Subahnale" not in [p.title for p in online.context["products"]]
    contact = client.get("/katalog/", {"tersedia": "kontak"})
    assert "Songket Subahnale" in [p.title for p in contact.context["products"]]
    assert not ProductPage.objects.buyable_online().filter(pk=shop.songket.pk).exists()
