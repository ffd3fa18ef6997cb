"""A shopper fills one cart from two sellers, pays one online and sends the other a WhatsApp order."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from marketplace.orders.models import Order
from tests.conftest import ensure_wagtail_base
from tests.orders import conftest as orders

# The orders tests' fixtures: a two-seller shop and the fake Stripe server with test keys.
fake_stripe = orders.fake_stripe
shop = orders.shop
stripe_on = orders.stripe_on
post_webhook = orders.post_webhook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def wagtail_root(transactional_db):
    """Wagtail's root page and default locale, which an earlier transactional test's flush removed."""
    return ensure_wagtail_base()


def add(page, product, quantity):
    page.goto(product.url)
    page.get_by_label("Jumlah", exact=True).fill(str(quantity))
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.wait_for_url("**/keranjang/")
    page.check_accessibility()


def fill_checkout(page):
    """The contact and address a shopper types (the province keeps its NTB default)."""
    page.get_by_label("Nama lengkap").fill("Baiq Nurul")
    page.get_by_label("E-mail (opsional jika ada nomor telepon)").fill("nurul@example.com")
    page.get_by_label("Telepon atau WhatsApp").fill("0812 3456 7890")
    page.get_by_label("Alamat jalan").fill("Jl. Pejanggik No. 12")
    page.get_by_label("Kelurahan/desa").fill("Cakranegara Timur")
    page.get_by_label("Kecamatan").fill("Cakranegara")
    page.get_by_label("Kabupaten/kota").fill("Kota Mataram")
    assert page.get_by_label("Provinsi").input_value() == "Nusa Tenggara Barat"  # the default
    page.get_by_label("Kode pos").fill("83239")


def test_pay_online_for_one_seller_and_whatsapp_the_other(
    browser_page, wagtail_root, shop, stripe_on
):
    page = browser_page
    add(page, shop.songket, 2)
    add(page, shop.coffee, 3)
    assert page.locator(".cart-link__count").inner_text().startswith("5")

    # One checkout button, above the fold of a 390×844 phone (the cart's first tap).
    checkout = page.get_by_role("link", name="Lanjut ke pembayaran")
    assert checkout.count() == 1
    box = checkout.bounding_box()
    assert box["y"] + box["height"] <= 844
    assert "Total keseluruhan" in page.locator(".cart-total").inner_text()

    # Pay online for Tenun Sukarara: fill in, then "Bayar" (tap 2 of 2 after the cart).
    checkout.click()
    page.wait_for_url("**/keranjang/checkout/")
    page.check_accessibility()
    # The summary follows the delivery choice at once (the server computes it again on submit).
    total = page.locator("[data-grand-total]")
    assert total.inner_text() == "Rp325.000"
    page.locator('input[type=radio][value="pickup"]').check()
    assert total.inner_text() == "Rp300.000"
    page.locator('input[type=radio][value="ship"]').check()
    assert total.inner_text() == "Rp325.000"
    fill_checkout(page)
    page.get_by_role("button", name="Bayar", exact=True).click()

    # Redirected to the (fake) Stripe Checkout page for the new session.
    page.wait_for_url(re.compile(re.escape(stripe_on.url) + r"/pay/cs_test_\w+"))
    order = Order.objects.get()
    assert page.url.endswith(order.stripe_session_id)
    session = stripe_on.sessions[order.stripe_session_id]
    assert session["amount_total"] == (2 * 150000 + 25000) * 100

    # Stripe sends the shopper back before its webhook lands: "being confirmed".
    page.goto(session["success_url"].replace("{CHECKOUT_SESSION_ID}", order.stripe_session_id))
    assert "sedang dikonfirmasi" in page.locator(".order-status").inner_text()

    response = post_webhook(
        stripe_on.event("checkout.session.completed", stripe_on.complete(order.stripe_session_id))
    )
    assert response.status_code == 200
    page.goto(f"/pesanan/{order.access_token}/")
    assert "Lunas" in page.locator(".order-status").inner_text()

    # The other seller takes orders on WhatsApp.
    page.goto("/keranjang/")
    assert page.locator(".cart-seller").count() == 1
    sent = []

    def whatsapp(route):
        sent.append(route.request.url)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<html lang='id'><title>WhatsApp</title><main><h1>WhatsApp</h1></main></html>",
        )

    page.route("https://wa.me/**", whatsapp)
    page.get_by_label("Nama Anda").fill("Baiq Nurul")
    page.get_by_role("button", name="Pesan lewat WhatsApp").click()
    page.wait_for_url("https://wa.me/**")

    url = urlsplit(sent[0])
    assert url.path == "/6281907070808"
    text = parse_qs(url.query)["text"][0]
    assert "3 × Kopi Arabika @ Rp60.000 = Rp180.000" in text
    assert "Baiq Nurul" in text and "Rp15.000" in text
