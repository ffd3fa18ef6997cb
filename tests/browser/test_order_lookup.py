"""A shopper who lost the order link finds the order from the footer, without JavaScript needs."""

import pytest

from marketplace.orders.models import Order, OrderDelivery
from tests.factories import ProductPageFactory, SellerIndexPageFactory, SellerPageFactory
from tests.orders.factories import order_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_finds_the_order_by_phone(browser_page, home_page):
    seller = SellerPageFactory(parent=SellerIndexPageFactory(parent=home_page), title="Tenun")
    product = ProductPageFactory(parent=seller, title="Songket", stock__price=150000)
    order = order_for(product, status=Order.Status.PAID, customer_phone="6281234567890")
    OrderDelivery.objects.filter(order=order).update(
        fulfilment="shipped", courier="JNE", tracking_number="JNE0012345678"
    )
    page = browser_page

    page.goto("/")
    page.get_by_role("link", name="Cari pesanan Anda").click()
    page.wait_for_url("**/pesanan/cari/")
    page.check_accessibility()

    page.get_by_label("Nomor pesanan").fill(order.reference)
    page.get_by_label("E-mail atau nomor telepon").fill("0812 0000 0000")
    page.get_by_role("button", name="Cari pesanan saya").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    page.check_accessibility()

    page.get_by_label("E-mail atau nomor telepon").fill("0812-3456-7890")
    page.get_by_role("button", name="Cari pesanan saya").click()
    page.wait_for_url(f"**/pesanan/{order.access_token}/")
    assert "JNE0012345678" in page.content()
