"""The product page gives a shopper the buying facts: price, stock once, how to buy, shipping and
payment, returns, certificates and shelf life (issue #14)."""

import re
import types

import pytest
import wagtail_factories

from django.contrib.auth import get_user_model
from django.urls import reverse

from marketplace.products import ProductPage
from marketplace.sellerportal.setup import SELLERS_GROUP, add_seller_member
from marketplace.sellers import SellerPage
from pasarlokal.demo import marketplace as demo
from tests.factories import CategoryFactory

# Renders, not cache hits: several tests change the seller or the settings between requests.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def text(html):
    """What a reader sees, tags and runs of spaces removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main(content):
    """The page's <main>, where a shopper reads (the <head> repeats facts for search engines)."""
    return content[content.index('<main id="main-content"') : content.index("</main>")]


def section(content, element_id):
    match = re.search(rf'<section [^>]*id="{element_id}".*?</section>', content, re.S)
    assert match, f"no section #{element_id}"
    return match.group(0)


@pytest.fixture
def culinary(shop):
    """A culinary product (Ekonomi Kreatif › Kuliner) with Halal and P-IRT certificates."""
    sector = shop.craft
    kuliner = CategoryFactory(sector=sector, name="Kuliner", slug="kuliner")
    product = shop.add_product(
        title="Bumbu Ayam Taliwang Instan 150 g",
        category=kuliner,
        price=35_000,
        quantity=37,
        unit="botol",
        summary="Bumbu ayam taliwang pedas asli Karang Taliwang.",
        description=(
            "<p>Bumbu ayam taliwang pedas asli Karang Taliwang.</p>"
            "<p>Dibuat oleh Dapur Inaq Ros di Kota Mataram.</p>"
        ),
    )
    shop.add_photo(product)
    shop.add_certificate(product, shop.halal, "ID52110000456780001", verified=True)
    shop.add_certificate(product, shop.pirt, "2085271010019-23", verified=True)
    return product


def test_culinary_product_shows_its_halal_and_pirt_badges(client, culinary):
    content = client.get(culinary.url).content.decode()
    badges = re.search(r'<ul class="product__badges.*?</ul>', content, re.S)
    assert badges, "no certificate badges"
    assert re.findall(r"(Halal|P-IRT)<span", badges.group(0)) == ["Halal", "P-IRT"]


def test_expired_certificate_shows_no_badge(client, shop, culinary):
    shop.add_certificate(culinary, shop.halal, "ID52110000456780002", days=-1)
    content = client.get(culinary.url).content.decode()
    assert content.count("ID52110000456780002") == 0


def test_buy_form_and_whatsapp_come_right_after_the_price(client, culinary):
    content = client.get(culinary.url).content.decode()
    title = content.index('id="product-title"')
    price = content.index('class="product__price"')
    cart = content.index('action="/keranjang/tambah/"')
    whatsapp = content.index("Chat lewat WhatsApp")
    summary = content.index('class="lead product__summary"')
    assert title < price < cart < whatsapp < summary


def test_one_primary_and_one_secondary_contact_and_no_email_button(client, shop, culinary):
    shop.coffee_seller.email = "dapur@example.com"
    shop.coffee_seller.phone = "0370 123456"
    shop.coffee_seller.save()
    content = client.get(culinary.url).content.decode()
    actions = re.search(r'<div class="contact-actions".*?</div>', content, re.S).group(0)
    links = re.findall(r"<a [^>]*>(.*?)</a>", actions, re.S)
    assert [text(link) for link in links] == ["Chat lewat WhatsApp", "Tanya penjual"]
    assert "btn--whatsapp" in actions and 'href="#enquiry"' in actions
    assert "/email/" not in content and "E-mail penjual" not in content
    assert 'id="enquiry"' in content  # the form the secondary action leads to


def test_seller_without_whatsapp_gets_a_call_button_instead(client, shop, culinary):
    shop.coffee_seller.whatsapp = ""
    shop.coffee_seller.phone = "0370 123456"
    shop.coffee_seller.save()
    content = client.get(culinary.url).content.decode()
    actions = re.search(r'<div class="contact-actions".*?</div>', content, re.S).group(0)
    assert [text(link) for link in re.findall(r"<a [^>]*>(.*?)</a>", actions, re.S)] == [
        "Telepon +62 370 123456",
        "Tanya penjual",
    ]


def test_shipping_and_payment_block(client, shop, culinary, settings):
    seller = shop.coffee_seller
    seller.shipping_fee = 25_000
    seller.shipping_notes = "Kirim ke seluruh NTB lewat JNE."
    seller.offers_pickup = True
    seller.pickup_notes = "Ambil di dapur kami di Cakranegara."
    seller.returns_note = "Botol pecah saat tiba? Kirim foto dalam 2 hari, kami ganti."
    seller.save()
    block = text(section(client.get(culinary.url).content.decode(), "pengiriman"))
    assert "Pengiriman & pembayaran" in block
    assert "Rp25.000 per pesanan (tarif tetap)" in block
    assert "Kirim ke seluruh NTB lewat JNE." in block
    assert "Ambil di dapur kami di Cakranegara." in block
    assert "Botol pecah saat tiba? Kirim foto dalam 2 hari, kami ganti." in block
    # No payment provider configured: paying is agreed on WhatsApp.
    assert "Tidak dibayar online" in block

    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-test-key"
    block = text(section(client.get(culinary.url).content.decode(), "pengiriman"))
    assert "Bayar online saat checkout (QRIS / transfer bank / e-wallet)" in block


def test_shipping_block_without_fee_pickup_or_returns_note(client, shop, culinary):
    seller = shop.coffee_seller
    seller.shipping_fee = 0
    seller.offers_pickup = False
    seller.returns_note = ""
    seller.save()
    block = text(section(client.get("/en" + culinary.url).content.decode(), "pengiriman"))
    assert "Shipping & payment" in block
    assert "Free shipping" in block
    assert "No pickup: this seller ships only." in block
    assert "The seller has not said: ask before you buy." in block


def test_shelf_life_is_shown_only_when_set(client, culinary):
    assert "Masa simpan" not in client.get(culinary.url).content.decode()
    culinary.shelf_life = "6 bulan, simpan di tempat kering"
    culinary.save_revision().publish()
    content = client.get(culinary.url).content.decode()
    assert "Masa simpan: 6 bulan, simpan di tempat kering" in text(content)
    assert main(content).count("6 bulan, simpan di tempat kering") == 1


def test_stock_is_stated_once(client, culinary):
    shown = text(main(client.get(culinary.url).content.decode()))
    assert "(sisa 37 botol)" in shown
    assert len(re.findall(r"\b37\b", shown)) == 1  # nowhere else (the buy form said it again)


def test_description_does_not_repeat_the_summary(client, culinary):
    content = text(main(client.get(culinary.url).content.decode()))
    assert content.count("Bumbu ayam taliwang pedas asli Karang Taliwang.") == 1
    assert "Dibuat oleh Dapur Inaq Ros di Kota Mataram." in content


def test_description_that_is_only_the_summary_is_not_printed(client, shop):
    product = shop.add_product(
        title="Sambal Beberuk Terong",
        summary="Sambal beberuk siap santap.",
        description="<p>Sambal   beberuk <b>siap</b> santap.</p>",
    )
    content = client.get(product.url).content.decode()
    assert text(main(content)).count("Sambal beberuk siap santap.") == 1
    assert '<div class="rich-text">' not in content


def test_description_that_differs_from_the_summary_is_printed_whole(shop):
    product = shop.add_product(
        summary="Sambal beberuk siap santap.",
        description="<p>Terong ungu dan cabai rawit.</p><p>Sambal beberuk siap santap.</p>",
    )
    assert product.description_body == product.description


def seller_login(client, seller, email):
    user = get_user_model().objects.create_user(username=email, email=email, password="x-Tenun-26")
    add_seller_member(seller, user)
    assert user.groups.filter(name=SELLERS_GROUP).exists()
    client.force_login(user)
    return user


def test_seller_edits_the_returns_note_in_the_storefront_editor(client, shop):
    seller_login(client, shop.coffee_seller, "kopi@example.com")
    body = client.get(reverse("wagtailadmin_pages:edit", args=[shop.coffee_seller.pk]))
    assert body.status_code == 200
    content = body.content.decode()
    assert 'name="returns_note"' in content
    assert 'maxlength="500"' in content
    assert "Pengembalian dan penukaran" in content


def test_seller_edits_the_shelf_life_in_the_product_editor(client, shop, culinary):
    seller_login(client, shop.coffee_seller, "kopi@example.com")
    body = client.get(reverse("wagtailadmin_pages:edit", args=[culinary.pk]))
    assert body.status_code == 200
    content = body.content.decode()
    assert 'name="shelf_life"' in content
    assert "Masa simpan dan cara penyimpanan" in content


def test_demo_fills_shelf_life_for_food_and_a_returns_note_for_sellers(home_page, monkeypatch):
    image = wagtail_factories.ImageFactory()
    monkeypatch.setattr(demo, "demo_image", lambda *args, **kwargs: image)
    demo.seed(types.SimpleNamespace(home=home_page, options={"products": 0}, log=lambda m: None))
    food = ProductPage.objects.filter(category__slug__in=["kuliner", "madu", "kopi-teh"])
    assert food.exists() and not food.filter(shelf_life="").exists()
    assert ProductPage.objects.get(title="Sate Rembiga Beku (20 tusuk)").shelf_life.startswith(
        "3 bulan di freezer"
    )
    crafts = ProductPage.objects.filter(category__sector__slug="ekonomi-kreatif").exclude(
        category__slug="kuliner"
    )
    assert crafts.exists() and not crafts.exclude(shelf_life="").exists()
    assert not SellerPage.objects.filter(returns_note="").exists()
