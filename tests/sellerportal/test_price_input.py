"""Prices typed the Indonesian way on the product editor and on "Stok & harga"."""

import pytest

from django.urls import reverse

from marketplace.products import ProductPage, StockRecord

from .test_workflow_and_stock import add_product_as_seller, stock_post_data

pytestmark = pytest.mark.django_db

TYPED = ["2.750.000", "2750000", "Rp 2.750.000", "2.750.000,00"]


@pytest.fixture
def seller_client(client, seller_a):
    client.force_login(seller_a["user"])
    return client


@pytest.mark.parametrize("typed", TYPED)
def test_stock_screen_saves_typed_price(seller_client, seller_a, typed):
    product = seller_a["product"]
    response = seller_client.post(
        reverse("sellerportal_stock"), stock_post_data([(product, 4, typed, True)])
    )
    assert response.status_code == 302
    assert StockRecord.objects.get(product=product).price == 2_750_000


def test_stock_screen_shows_price_with_thousands(seller_client, seller_a):
    StockRecord.objects.filter(product=seller_a["product"]).update(price=2_750_000)
    body = seller_client.get(reverse("sellerportal_stock")).content.decode()
    assert 'value="2.750.000"' in body
    assert 'aria-hidden="true">Rp</span>' in body
    assert "css/rupiah-input.css" in body


def test_stock_screen_refuses_decimal_price_and_keeps_the_old_one(seller_client, seller_a):
    product = seller_a["product"]
    response = seller_client.post(
        reverse("sellerportal_stock"), stock_post_data([(product, 4, "2,5", True)])
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Masukkan harga dalam rupiah utuh, mis. 2.750.000." in body
    assert 'value="2,5"' in body
    assert StockRecord.objects.get(product=product).price == 150000


@pytest.mark.parametrize("typed", ["Rp 2.750.000", "2.750.000,00"])
def test_product_editor_saves_typed_price(seller_client, seller_a, typed):
    product = add_product_as_seller(seller_client, seller_a["seller"], price=typed)
    assert StockRecord.objects.get(product=product).price == 2_750_000
    edit = seller_client.get(reverse("wagtailadmin_pages:edit", args=[product.pk]))
    body = edit.content.decode()
    assert 'value="2.750.000"' in body
    assert 'aria-hidden="true">Rp</span>' in body


@pytest.mark.parametrize("typed", ["2,5", "dua juta", "-2.750.000"])
def test_product_editor_refuses_garbage_price(seller_client, seller_a, typed):
    # The helper asserts a redirect; a refused form re-renders with its errors instead.
    with pytest.raises(AssertionError) as refused:
        add_product_as_seller(seller_client, seller_a["seller"], price=typed)
    assert "harga" in str(refused.value).lower()
    assert not ProductPage.objects.filter(title="Kopi Tepal Sumbawa").exists()
