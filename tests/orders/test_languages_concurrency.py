"""One product, two languages, one stock: the English and the Indonesian page race for 1 unit."""

import re

import pytest

from django.test import Client

from wagtail.models import Locale

from marketplace.orders.models import Order
from marketplace.products import StockRecord
from marketplace.translations import translate_page

from .conftest import checkout_data
from .test_concurrency import no_rate_limit, run_at_once  # noqa: F401  (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def add_from_page(client, url):
    """Add to cart exactly as the page's own form does (the product id it carries)."""
    page = client.get(url).content.decode()
    product = re.search(r'name="product" value="(\d+)"', page).group(1)
    prefix = "/en" if url.startswith("/en/") else ""
    return client.post(f"{prefix}/keranjang/tambah/", {"product": product, "quantity": 1})


def test_english_and_indonesian_pages_share_the_last_unit(shop, stripe_on, no_rate_limit):  # noqa: F811
    Locale.objects.get_or_create(language_code="en")
    translate_page(shop.songket, "en", {"title": "Subahnale Songket"})
    StockRecord.objects.filter(product=shop.songket).update(quantity=1)
    indonesian, english = Client(), Client()
    add_from_page(indonesian, shop.songket.url)
    add_from_page(english, "/en" + shop.songket.url)

    def checkout(index):
        client, prefix = [(indonesian, ""), (english, "/en")][index]
        client.post(f"{prefix}/keranjang/checkout/", checkout_data(shop.online), follow=True)

    run_at_once(2, checkout)

    assert StockRecord.objects.get(product=shop.songket).quantity == 0
    assert Order.objects.filter(status=Order.Status.PENDING).count() == 1
