import pytest

from django.template.loader import render_to_string
from django.test import RequestFactory

from marketplace.catalogue import live_products
from tests.factories import ProductPageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db


def test_product_page_has_whatsapp_and_the_enquiry_form_and_one_stylesheet(client, product):
    # One primary contact (WhatsApp) and one secondary (the enquiry form, which reaches the
    # seller by e-mail); phone and e-mail stay on the storefront (issue #14).
    content = client.get(product.url).content.decode()
    assert (
        f'class="btn btn--whatsapp btn--large btn--block" href="/kontak/wa/{product.pk}/"'
        in content
    )
    assert 'class="btn btn--ghost btn--block" href="#enquiry"' in content
    assert f'href="/kontak/telepon/{product.pk}/"' not in content
    assert f'href="/kontak/email/{product.pk}/"' not in content
    assert content.count("css/contact.css") == 1


def test_english_product_page_links_to_english_redirect(client, product):
    content = client.get(f"/en{product.url}").content.decode()
    assert f'href="/en/kontak/wa/{product.pk}/"' in content
    assert "Chat on WhatsApp" in content
    assert f'action="/en/kontak/tanya/{product.pk}/#enquiry"' in content


def test_storefront_has_seller_level_buttons(client, seller):
    content = client.get(seller.url).content.decode()
    assert f'href="/kontak/wa/penjual/{seller.pk}/"' in content
    assert f'href="/kontak/telepon/penjual/{seller.pk}/"' in content
    assert f'href="/kontak/email/penjual/{seller.pk}/"' in content


def test_storefront_without_whatsapp_shows_phone_and_email(client, seller_index):
    seller = SellerPageFactory(
        parent=seller_index, whatsapp="", phone="0370 123456", email="a@b.id"
    )
    content = client.get(seller.url).content.decode()
    assert "/kontak/wa/" not in content
    assert f'href="/kontak/telepon/penjual/{seller.pk}/"' in content
    assert f'href="/kontak/email/penjual/{seller.pk}/"' in content


def test_seller_card_compact_buttons(seller_index):
    with_wa = SellerPageFactory(parent=seller_index, title="Kopi Sembalun")
    without = SellerPageFactory(parent=seller_index, whatsapp="", phone="0370 123456", email="")
    request = RequestFactory().get("/penjual/")
    html = render_to_string(
        "marketplace/includes/seller_contact.html", {"seller": with_wa, "compact": True}, request
    )
    assert f'href="/kontak/wa/penjual/{with_wa.pk}/"' in html
    assert "Kopi Sembalun" in html  # in the accessible name
    html = render_to_string(
        "marketplace/includes/seller_contact.html", {"seller": without, "compact": True}, request
    )
    assert "/kontak/wa/" not in html
    assert f'href="/kontak/telepon/penjual/{without.pk}/"' in html


def test_product_card_button_only_for_sellers_with_whatsapp(seller, seller_index):
    no_wa = SellerPageFactory(parent=seller_index, whatsapp="")
    ProductPageFactory(parent=seller, title="Songket A")
    ProductPageFactory(parent=no_wa, title="Songket B")
    request = RequestFactory().get("/katalog/")
    cards = {
        p.title: render_to_string(
            "marketplace/includes/product_card_actions.html", {"product": p}, request
        )
        for p in live_products()
    }
    assert 'href="/kontak/wa/' in cards["Songket A"]
    assert "btn--whatsapp" in cards["Songket A"]
    assert cards["Songket B"].strip() == ""


def test_product_card_buttons_add_no_queries(seller, django_assert_num_queries):
    for i in range(5):
        ProductPageFactory(parent=seller, title=f"Kain {i}")
    products = list(live_products())
    request = RequestFactory().get("/katalog/")
    with django_assert_num_queries(0):
        for product in products:
            render_to_string(
                "marketplace/includes/product_card_actions.html", {"product": product}, request
            )
