"""A shopper chooses QRIS, pays on the (fake) Midtrans page and comes back to a paid order."""

import re

import pytest

from marketplace.orders.models import Order
from tests.orders import conftest as orders

from . import test_checkout

# The orders tests' fixtures: a two-seller shop and both fake providers with test keys.
fake_stripe = orders.fake_stripe
fake_midtrans = orders.fake_midtrans
shop = orders.shop
wagtail_root = test_checkout.wagtail_root
add = test_checkout.add
stripe_on = orders.stripe_on
midtrans_on = orders.midtrans_on

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_cart_to_qris_to_paid(
    browser_page, live_server, wagtail_root, shop, stripe_on, midtrans_on
):
    # Midtrans posts its notification to the shop, as configured in its dashboard.
    midtrans_on.notification_url = live_server.url + "/midtrans/notification/"
    page = browser_page
    add(page, shop.songket, 2)

    page.get_by_role("link", name="Lanjut ke pembayaran").click()
    page.wait_for_url("**/keranjang/checkout/")
    page.check_accessibility()
    test_checkout.fill_checkout(page)
    # Both providers are on: the shopper chooses, a plain radio group.
    page.get_by_label("QRIS / transfer bank / e-wallet").check()
    page.get_by_role("button", name="Bayar", exact=True).click()

    # The (fake) Midtrans Snap page for this order, in whole rupiah.
    page.wait_for_url(re.compile(re.escape(midtrans_on.url) + r"/snap/v4/redirection/\w+"))
    order = Order.objects.get()
    assert order.payment_provider == "midtrans"
    assert page.locator("#order").inner_text() == order.payment_reference
    assert page.locator("#amount").inner_text() == "Rp325000"
    assert stripe_on.creates() == []

    # Paying with QRIS settles the transaction, Midtrans notifies the shop and sends the
    # shopper back to the order page.
    page.get_by_role("button", name="Bayar dengan QRIS").click()
    page.wait_for_url(f"**/pesanan/{order.access_token}/berhasil/**")
    status = page.locator(".order-status").inner_text()
    assert "Lunas" in status and "QRIS" in status
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method == "qris"
    assert page.locator(".cart-link__count").count() == 0 or (
        page.locator(".cart-link__count").inner_text().strip() in ("", "0")
    )
