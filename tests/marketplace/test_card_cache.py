"""Product cards from the card cache (marketplace/card_cache.py): what a card shows is its key."""

import re

import pytest

from django.core.cache import cache
from django.test import Client

from wagtail.models import Locale

from marketplace import card_cache
from marketplace.products import StockRecord, reserve_stock
from marketplace.translations import translate_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

URL = "/katalog/"


def _card(content, title):
    """The <article> of the card whose name is `title`."""
    for article in re.findall(r'<article class="product-card">.*?</article>', content, re.S):
        if title in article:
            return article
    raise AssertionError(f"no card for {title!r}")


def _titles(content):
    return re.findall(r'<h3 class="product-card__title"[^>]*>(.*?)</h3>', content)


class CardStore:
    """The card cache as the tests see it: the fragments stored, in order (any cache backend)."""

    def __init__(self):
        self.stored = {}

    def get_many(self, keys):
        return cache.get_many(keys)

    def set_many(self, data, timeout=None):
        self.stored.update(data)
        return cache.set_many(data, timeout)

    def rendered_since(self, count):
        """Product ids of the cards stored after the first `count`."""
        return [int(key.split(":")[-2]) for key in list(self.stored)[count:]]


@pytest.fixture
def cards(monkeypatch):
    store = CardStore()
    monkeypatch.setattr(card_cache, "cache", store)
    return store


@pytest.fixture
def kopi(shop):
    product = shop.add_product(title="Kopi Tambora Robusta", price=85_000, quantity=3)
    shop.add_photo(product)
    shop.add_product(title="Madu Hutan Sumbawa", category=shop.honey, price=120_000)
    return product


def test_cards_come_from_the_cache_on_the_next_render(client, kopi, cards):
    first = client.get(URL).content.decode()
    assert len(cards.rendered_since(0)) == 2
    count = len(cards.stored)
    second = client.get(URL).content.decode()
    assert cards.rendered_since(count) == []
    assert _card(second, "Kopi Tambora Robusta") == _card(first, "Kopi Tambora Robusta")


def test_price_stock_and_title_changes_show_on_the_next_render(client, kopi, cards):
    client.get(URL)
    StockRecord.objects.filter(product_id=kopi.pk).update(price=99_500)
    assert "Rp99.500" in _card(client.get(URL).content.decode(), "Kopi Tambora")
    assert reserve_stock(kopi.pk, 3)  # the last three: out of stock
    card = _card(client.get(URL).content.decode(), "Kopi Tambora")
    assert "Stok habis" in card or "Out of stock" in card
    kopi.title = "Kopi Tambora Arabika"
    kopi.save_revision().publish()
    titles = _titles(client.get(URL).content.decode())
    assert "Kopi Tambora Arabika" in titles
    assert "Kopi Tambora Robusta" not in titles


def test_a_change_renders_only_that_products_card(client, kopi, cards):
    client.get(URL)
    count = len(cards.stored)
    StockRecord.objects.filter(product_id=kopi.pk).update(price=99_500)
    client.get(URL)
    assert cards.rendered_since(count) == [kopi.pk]


def test_photos_changed_without_a_publish_show_on_the_next_render(client, shop, kopi, cards):
    honey = shop.add_product(title="Madu Kelulut", category=shop.honey)
    assert "product-card__placeholder" in _card(client.get(URL).content.decode(), "Madu Kelulut")
    count = len(cards.stored)
    photo = shop.add_photo(honey)  # a gallery row written directly (an import, code)
    card = _card(client.get(URL).content.decode(), "Madu Kelulut")
    assert "product-card__placeholder" not in card and "<picture" in card
    assert cards.rendered_since(count) == [honey.pk]  # that product's card only
    count = len(cards.stored)
    photo.image.focal_point_x = 10  # edited in the image library: every card may show it
    photo.image.save()
    client.get(URL)
    assert len(cards.rendered_since(count)) == 3


def test_no_card_of_one_language_is_served_in_the_other(client, shop, kopi):
    Locale.objects.get_or_create(language_code="en")
    translate_page(shop.home, "en", {"title": "Home"})
    translate_page(shop.catalogue, "en", {"title": "Catalogue"})
    translate_page(kopi, "en", {"title": "Tambora Robusta Coffee", "summary": "Robusta."})
    indonesian = client.get(URL).content.decode()
    english = client.get("/en" + URL).content.decode()
    assert "Tambora Robusta Coffee" not in _titles(indonesian)
    assert "Tambora Robusta Coffee" in _titles(english)
    assert "Kopi Tambora Robusta" not in _titles(english)
    honey_en = _card(english, "Madu Hutan Sumbawa")  # untranslated: Indonesian text, English UI
    honey_id = _card(indonesian, "Madu Hutan Sumbawa")
    assert 'lang="id"' in honey_en and 'lang="id"' not in honey_id
    assert 'href="/en/' in honey_en and 'href="/en/' not in honey_id
    # And back: the Indonesian catalogue after the English one still has Indonesian cards.
    assert "Tambora Robusta Coffee" not in _titles(client.get(URL).content.decode())


def test_cards_carry_nothing_personal_and_link_the_contact_stylesheet_once(shop, kopi, cards):
    shop.coffee_seller.whatsapp = "6281234567890"
    shop.coffee_seller.save_revision().publish()
    shopper = Client(HTTP_ORIGIN="http://testserver")
    shopper.post("/keranjang/tambah/", {"product": kopi.pk, "quantity": 1})
    assert shopper.session.session_key  # a cart
    seen = shopper.get(URL).content.decode()
    assert seen.count("css/contact.css") == 1
    assert cards.stored
    for fragment in cards.stored.values():
        assert "csrfmiddlewaretoken" not in fragment
        assert "contact.css" not in fragment
        assert shopper.session.session_key not in fragment
    again = Client().get(URL).content.decode()  # a first-time visitor, from the same cards
    assert again.count("css/contact.css") == 1
    assert _card(again, "Kopi Tambora Robusta") == _card(seen, "Kopi Tambora Robusta")


def test_the_card_cache_can_be_switched_off(client, kopi, cards, settings):
    settings.CARD_CACHE_ENABLED = False
    assert "Kopi Tambora Robusta" in client.get(URL).content.decode()
    assert not cards.stored


# --- A page by key finds its cards without loading its products (card_cache.card_rows) ---------


def test_a_warm_catalogue_page_does_not_load_its_products_whole(client, kopi, cards):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(URL).content.decode()
    assert "Kopi Tambora Robusta" in _titles(html)
    # `materials` and the seller's `story` are in whole rows only, never on a card.
    assert not [q for q in ctx.captured_queries if '"materials"' in q["sql"]]
    assert not [q for q in ctx.captured_queries if '"story"' in q["sql"]]


def test_seller_changes_and_online_payment_show_on_the_next_render(client, shop, kopi, settings):
    shop.coffee_seller.whatsapp = ""
    shop.coffee_seller.save_revision().publish()
    card = _card(client.get(URL).content.decode(), "Kopi Tambora")
    assert "btn--whatsapp" not in card and "Beli online" not in card
    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-test-key"
    card = _card(client.get(URL).content.decode(), "Kopi Tambora")
    assert "Beli online" in card
    shop.coffee_seller.title = "Kopi Kalabai Bersaudara"
    shop.coffee_seller.save_revision().publish()
    assert "Kopi Kalabai Bersaudara" in _card(client.get(URL).content.decode(), "Kopi Tambora")
    shop.coffee_seller.whatsapp = "6281234567890"
    shop.coffee_seller.sells_online = False
    shop.coffee_seller.save_revision().publish()
    card = _card(client.get(URL).content.decode(), "Kopi Tambora")
    assert "Kopi Kalabai Bersaudara" in card and "btn--whatsapp" in card
    assert "Beli online" not in card


def test_an_english_text_changed_or_withdrawn_shows_on_the_next_render(client, shop, kopi):
    Locale.objects.get_or_create(language_code="en")
    translate_page(shop.home, "en", {"title": "Home"})
    translate_page(shop.catalogue, "en", {"title": "Catalogue"})
    english = translate_page(kopi, "en", {"title": "Tambora Robusta Coffee", "summary": "A."})
    assert "Tambora Robusta Coffee" in _titles(client.get("/en" + URL).content.decode())
    english = translate_page(kopi, "en", {"title": "Tambora Robusta, Sun-Dried", "summary": "B."})
    assert "Tambora Robusta, Sun-Dried" in _titles(client.get("/en" + URL).content.decode())
    english.unpublish()
    card = _card(client.get("/en" + URL).content.decode(), "Kopi Tambora Robusta")
    assert 'lang="id"' in card and 'href="/en/' in card
