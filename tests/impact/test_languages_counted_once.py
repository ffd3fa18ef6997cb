"""A product read in English and in Indonesian is one product in the seller's and the office's
numbers: its WhatsApp clicks and paid orders from both languages add up on one row."""

import re

import pytest

from django.test import Client

from wagtail.models import Locale

from impact.metrics import ImpactReport, public_headline
from impact.periods import this_month
from impact.seller_numbers import seller_numbers
from marketplace.orders.lifecycle import mark_paid_by_provider
from marketplace.orders.models import Order
from marketplace.translations import translate_page
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)
from tests.impact.conftest import make_seller_user
from tests.orders.conftest import checkout_data, fake_stripe, stripe_on  # noqa: F401  (fixtures)


@pytest.fixture
def bilingual(home_page):
    Locale.objects.get_or_create(language_code="en")
    CatalogueIndexPageFactory(parent=home_page)
    directory = SellerIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(
        parent=directory, title="Kopi Kalabai", slug="kalabai", sells_online=True, shipping_fee=0
    )
    product = ProductPageFactory(
        parent=seller, title="Kopi Tambora", slug="kopi", stock__quantity=10, stock__price=50_000
    )
    translate_page(home_page, "en", {"title": "Home"})
    english = translate_page(product, "en", {"title": "Tambora Coffee"})
    return seller, product, english


def follow(client, url, pattern):
    """The path of the first link or form target on `url` matching `pattern` (what a visitor
    clicks: the page decides which product it names)."""
    content = client.get(url).content.decode()
    return re.search(pattern, content).group(0)


def buy_from(client, url, product):
    action = follow(client, url, r"/(en/)?keranjang/tambah/")
    assert f'name="product" value="{product.pk}"' in client.get(url).content.decode()
    client.post(action, {"product": product.pk, "quantity": 1})
    client.post("/keranjang/checkout/", checkout_data(product.seller))
    order = Order.objects.latest("pk")
    assert mark_paid_by_provider(order, amount=order.total, currency=order.currency) == "paid"


def visitor(address):
    """A shopper's phone (clicks from bots and repeated taps from one address are not counted)."""
    return Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR=address)


PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


@pytest.mark.usefixtures("stripe_on")
def test_clicks_and_orders_from_both_languages_are_one_products_numbers(bilingual):
    seller, product, english = bilingual
    for address, url in (("10.0.0.1", english.url), ("10.0.0.2", product.url)):
        client = visitor(address)
        whatsapp = follow(client, url, r"/(en/)?kontak/wa/\d+/")
        assert whatsapp.endswith(f"/kontak/wa/{product.pk}/")
        assert client.get(whatsapp).status_code == 302
        buy_from(client, url, product)

    # The seller's own numbers: one row for the product, both languages counted.
    user = make_seller_user("kalabai", seller)
    rows = seller_numbers(user, this_month())["rows"]
    assert [row["product_id"] for row in rows] == [product.pk]
    assert rows[0]["clicks"] == 2 and rows[0]["paid_orders"] == 2 and rows[0]["units"] == 2

    # The office's: the product once among the top products, once in the headline count.
    report = ImpactReport(this_month())
    contacts = report.top_products_by_contacts
    assert [(row["name"], row["contacts"]) for row in contacts] == [("Kopi Tambora", 2)]
    sales = report.top_products_by_sales
    assert [(row["name"], row["units"]) for row in sales] == [("Kopi Tambora", 2)]
    assert public_headline()["products"] == 1
    assert public_headline()["sellers"] == 1
