"""One checkout cannot hold a product's whole stock: a per-line maximum (seller-settable, with a
default) and a cap on open (unpaid) orders per session."""

import pytest

from marketplace.orders.models import Order
from marketplace.products import DEFAULT_MAX_PER_ORDER, StockRecord

from .conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def test_new_stock_records_have_a_sensible_default_maximum(shop):
    assert 1 < DEFAULT_MAX_PER_ORDER <= 50
    assert StockRecord.objects.get(product=shop.scarf).max_per_order == DEFAULT_MAX_PER_ORDER


def test_ten_thousand_no_longer_takes_the_whole_stock(client, shop):
    StockRecord.objects.filter(product=shop.scarf).update(quantity=40, max_per_order=6)
    response = add_to_cart(client, shop.scarf, 10000)
    assert client.session["cart"] == {str(shop.scarf.pk): 6}
    page = client.get(response["Location"]).content.decode()
    assert "paling banyak 6" in page  # "at most 6 per order", in Indonesian


def test_cart_update_respects_the_maximum(client, shop):
    StockRecord.objects.filter(product=shop.scarf).update(quantity=40, max_per_order=6)
    add_to_cart(client, shop.scarf, 1)
    client.post("/keranjang/ubah/", {"product": shop.scarf.pk, "quantity": 30})
    assert client.session["cart"] == {str(shop.scarf.pk): 6}


def test_a_lowered_maximum_applies_to_carts_already_filled(client, shop):
    StockRecord.objects.filter(product=shop.scarf).update(quantity=40, max_per_order=20)
    add_to_cart(client, shop.scarf, 15)
    StockRecord.objects.filter(product=shop.scarf).update(max_per_order=5)
    client.get("/keranjang/")
    assert client.session["cart"] == {str(shop.scarf.pk): 5}


def test_open_orders_per_session_are_capped(client, shop, stripe_on, settings):
    settings.MAX_OPEN_ORDERS_PER_SESSION = 2
    for _ in range(2):
        add_to_cart(client, shop.scarf, 1)
        response = client.post("/keranjang/checkout/", checkout_data(shop.online))
        assert response.status_code == 303
    held = StockRecord.objects.get(product=shop.scarf).quantity
    add_to_cart(client, shop.scarf, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online), follow=True)
    assert Order.objects.count() == 2
    assert "menunggu pembayaran" in response.content.decode()  # "awaiting payment"
    assert StockRecord.objects.get(product=shop.scarf).quantity == held  # nothing more held
    # Paying (or cancelling) one frees a place.
    Order.objects.filter(pk=Order.objects.first().pk).update(status=Order.Status.CANCELLED)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online))
    assert response.status_code == 303
    assert Order.objects.count() == 3
