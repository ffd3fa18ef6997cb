"""Product feeds: Google Merchant Center RSS 2.0 (g: namespace) and the Meta catalogue CSV.

Required fields as the providers publish them:
- Google (support.google.com/merchants/answer/7052112): id, title, description, link,
  image_link, availability (in_stock | out_of_stock | preorder | backorder), price
  ("<number> <ISO 4217>"), brand (or gtin/mpn), condition (new | refurbished | used).
- Meta (developers.facebook.com/docs/commerce-platform/catalog/fields): id, title, description,
  availability (in stock | out of stock | available for order | discontinued), condition, price
  ("<number> <ISO 4217>"), link, image_link, brand.
"""

import csv
import io
import re
import types
import xml.etree.ElementTree as ET

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.products import StockRecord
from tests.factories import (
    CatalogueIndexPageFactory,
    ProductImageFactory,
    ProductPageFactory,
    SellerIndexPageFactory,
    SellerPageFactory,
)

G = "{http://base.google.com/ns/1.0}"
PRICE = re.compile(r"^\d+(\.\d{1,2})? IDR$")
GOOGLE_AVAILABILITY = {"in_stock", "out_of_stock", "preorder", "backorder"}
META_AVAILABILITY = {"in stock", "out of stock", "available for order", "discontinued"}


def google_items(client):
    response = client.get("/feeds/google.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name)
    return {item.findtext(f"{G}id"): item for item in channel.findall("item")}


def meta_rows(client):
    response = client.get("/feeds/meta.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}


@pytest.fixture
def shop(home_page):
    """A seller and a factory for its live products, each with a photo."""
    CatalogueIndexPageFactory(parent=home_page)
    seller = SellerPageFactory(parent=SellerIndexPageFactory(parent=home_page))

    def make_product(**kwargs):
        product = ProductPageFactory(parent=seller, **kwargs)
        ProductImageFactory(product=product)
        return product

    return types.SimpleNamespace(seller=seller, make_product=make_product)


@pytest.fixture
def products(shop):
    seller = shop.seller
    return {
        "priced": shop.make_product(title="Songket Subahnale", stock__price=2750000),
        "unpriced": shop.make_product(title="Tanya Harga", stock__price=None),
        "draft": ProductPageFactory(parent=seller, title="Draf", live=False),
        "seller": seller,
    }


def test_google_feed_has_every_required_field(client, products):
    items = google_items(client)
    product, seller = products["priced"], products["seller"]
    assert set(items) == {str(product.pk)}  # live with a price only
    item = items[str(product.pk)]
    assert item.findtext("title") == "Songket Subahnale"
    assert item.findtext("description")
    assert item.findtext("link") == f"http://testserver{product.url}"
    assert item.findtext(f"{G}image_link").startswith("http://testserver/")
    assert item.findtext(f"{G}availability") in GOOGLE_AVAILABILITY
    assert item.findtext(f"{G}availability") == "in_stock"
    assert item.findtext(f"{G}price") == "2750000 IDR"
    assert PRICE.match(item.findtext(f"{G}price"))
    assert item.findtext(f"{G}brand") == seller.title
    assert item.findtext(f"{G}condition") == "new"
    assert ">" in item.findtext(f"{G}product_type")
    assert item.findtext(f"{G}custom_label_0") == seller.region.name


def test_meta_feed_has_every_required_field(client, products):
    rows = meta_rows(client)
    product, seller = products["priced"], products["seller"]
    assert set(rows) == {str(product.pk)}
    row = rows[str(product.pk)]
    for field in (
        "id", "title", "description", "availability", "condition", "price", "link",
        "image_link", "brand",
    ):  # fmt: skip
        assert row[field], field
    assert row["availability"] in META_AVAILABILITY and row["availability"] == "in stock"
    assert row["condition"] == "new"
    assert row["price"] == "2750000 IDR"
    assert row["link"] == f"http://testserver{product.url}"
    assert row["brand"] == seller.title
    assert row["custom_label_0"] == seller.region.name
    assert row["product_type"]


def test_out_of_stock_and_unpublished_products_change_their_entry(client, products):
    product = products["priced"]
    google_items(client), meta_rows(client)  # cached now
    StockRecord.objects.filter(product=product).update(quantity=0)  # a queryset update: no signal
    stock = StockRecord.objects.get(product=product)
    stock.quantity = 0
    stock.save()
    assert google_items(client)[str(product.pk)].findtext(f"{G}availability") == "out_of_stock"
    assert meta_rows(client)[str(product.pk)]["availability"] == "out of stock"
    product.unpublish()
    assert str(product.pk) not in google_items(client)
    assert str(product.pk) not in meta_rows(client)
    product.save_revision().publish()
    assert str(product.pk) in google_items(client)


def test_feeds_are_cached_and_built_in_constant_queries(client, shop):
    shop.make_product()
    client.get("/feeds/google.xml")
    with CaptureQueriesContext(connection) as cached:
        client.get("/feeds/google.xml")
    assert len(cached) <= 2  # site lookup only; the body comes from the cache

    def build_queries():
        from django.core.cache import cache

        cache.clear()
        client.get("/feeds/meta.csv")  # renditions made
        cache.clear()
        with CaptureQueriesContext(connection) as built:
            client.get("/feeds/meta.csv")
        return len(built)

    few = build_queries()
    for _ in range(5):
        shop.make_product()
    assert build_queries() == few
