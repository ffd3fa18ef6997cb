"""Checkout and cart as the shopper meets them: one address, province choice, e-mail or phone,
totals with shipping, thumbnails, and the WhatsApp name asked once."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from django.core import mail

from marketplace.orders import emails
from marketplace.orders.models import Order, OrderDelivery
from marketplace.orders.provinces import PROVINCES
from tests.factories import (
    ProductImageFactory,
    ProductPageFactory,
    RegionFactory,
    SellerPageFactory,
)

from .conftest import ADDRESS_DATA, add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_online_seller(shop):
    """Another online seller (Rp10.000 shipping, pickup too) with one product in the shop."""
    seller = SellerPageFactory(
        parent=shop.index,
        title="Gerabah Banyumulek",
        slug="gerabah",
        sells_online=True,
        shipping_fee=10000,
        offers_pickup=True,
        whatsapp="0819-1111-2222",
    )
    shop.pot = ProductPageFactory(
        parent=seller, title="Kendi", slug="kendi", stock__quantity=5, stock__price=40000
    )
    return seller


def checkout_html(client, language=""):
    return client.get(f"{language}/keranjang/checkout/").content.decode()


# --- One address for the order --------------------------------------------------------------


def test_one_address_is_saved_for_every_delivery_of_the_order(
    client, shop, second_online_seller, stripe_on
):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.pot, 2)
    html = checkout_html(client)
    assert html.count('name="street"') == 1 and html.count('name="postal_code"') == 1

    response = client.post("/keranjang/checkout/", checkout_data(shop.online, second_online_seller))

    assert response.status_code == 303
    deliveries = list(Order.objects.get().deliveries.order_by("seller__title"))
    assert len(deliveries) == 2
    for delivery in deliveries:
        assert {name: getattr(delivery, name) for name in ADDRESS_DATA} == ADDRESS_DATA


def test_pickup_from_one_seller_keeps_the_address_for_the_other(
    client, shop, second_online_seller, stripe_on
):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.pot, 1)
    data = checkout_data(shop.online)
    data[f"seller-{second_online_seller.pk}-method"] = "pickup"

    client.post("/keranjang/checkout/", data)

    order = Order.objects.get()
    ship = order.deliveries.get(seller=shop.online)
    pickup = order.deliveries.get(seller=second_online_seller)
    assert ship.city == "Kota Mataram" and ship.shipping_fee == 25000
    assert pickup.method == OrderDelivery.Method.PICKUP
    assert (pickup.street, pickup.city, pickup.shipping_fee) == ("", "", 0)
    assert order.total == 150000 + 25000 + 40000


# --- Province, autocomplete and regions ---------------------------------------------------


def test_province_is_a_choice_of_the_38_provinces_defaulting_to_ntb(client, shop, stripe_on):
    RegionFactory(name="Lombok Tengah", slug="lombok-tengah", code="52.02")
    add_to_cart(client, shop.songket, 1)
    html = checkout_html(client)

    select = html[html.index('name="province"') : html.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', select) == PROVINCES
    assert len(PROVINCES) == 38
    assert '<option value="Nusa Tenggara Barat" selected>' in select
    # Kabupaten/kota suggested from the Region taxonomy, without JavaScript.
    assert 'list="regions"' in html and '<datalist id="regions">' in html
    assert '<option value="Lombok Tengah">' in html


def test_every_field_has_an_autocomplete_hint(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    html = checkout_html(client)
    for name, hint in [
        ("name", "name"),
        ("email", "email"),
        ("phone", "tel"),
        ("street", "street-address"),
        ("village", "address-level4"),
        ("district", "address-level3"),
        ("city", "address-level2"),
        ("province", "address-level1"),
        ("postal_code", "postal-code"),
    ]:
        tag = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{hint}"' in tag, name


def test_a_province_not_in_the_list_is_refused(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, province="Atlantis"))
    assert response.status_code == 400
    assert "Pilih salah satu provinsi Indonesia dari daftar." in response.content.decode()
    assert Order.objects.count() == 0


# --- E-mail or phone ----------------------------------------------------------------------


def test_email_or_phone_is_needed_with_a_translated_error(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, email="", phone=""))
    assert response.status_code == 400
    assert "Isi nomor telepon/WhatsApp atau alamat e-mail" in response.content.decode()

    response = client.post(
        "/en/keranjang/checkout/", checkout_data(shop.online, email="", phone="")
    )
    assert "Give a phone/WhatsApp number or an e-mail address" in response.content.decode()
    assert Order.objects.count() == 0


def test_the_page_says_how_the_confirmation_reaches_a_shopper_without_email(
    client, shop, stripe_on
):
    add_to_cart(client, shop.songket, 1)
    html = checkout_html(client)
    assert "simpan tautan pesanan di halaman berikutnya" in html
    assert "penjual menghubungi Anda lewat WhatsApp" in html


def test_email_alone_is_enough(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, phone=""))
    assert response.status_code == 303
    order = Order.objects.get()
    assert (order.customer_email, order.customer_phone) == ("nurul@example.com", "")


def test_phone_alone_is_enough_and_no_email_is_sent_to_nobody(client, shop, stripe_on, settings):
    shop.online.email = "tenun@example.com"
    shop.online.save_revision().publish()
    add_to_cart(client, shop.songket, 1)

    response = client.post("/keranjang/checkout/", checkout_data(shop.online, email=""))

    assert response.status_code == 303
    order = Order.objects.get()
    assert (order.customer_email, order.customer_phone) == ("", "6281234567890")
    assert "customer_email" not in stripe_on.creates()[0]["params"]
    order.status = Order.Status.PAID
    order.save()
    mail.outbox.clear()
    emails.send_order_paid(order.pk)
    emails.send_order_refunded(order.pk)
    emails.send_fulfilment_update(order.deliveries.get().pk)
    # Only the seller hears about it; nothing is addressed to an empty address.
    assert [message.to for message in mail.outbox] == [["tenun@example.com"]]
    assert "Baiq Nurul, 6281234567890\n" in mail.outbox[0].body
    page = client.get(f"/pesanan/{order.access_token}/").content.decode()
    assert "(6281234567890)" in page


# --- Totals -------------------------------------------------------------------------------


def test_grand_total_adds_every_sellers_items_and_shipping(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 2)  # 300.000 + 25.000 shipping
    add_to_cart(client, shop.coffee, 1)  # 60.000 + 15.000 shipping (WhatsApp seller)

    cart = client.get("/keranjang/").content.decode()
    assert re.search(r"Total keseluruhan</dt><dd[^>]*>Rp400\.000<", cart)

    # Checkout covers the online seller only.
    checkout = checkout_html(client)
    assert re.search(r"Total keseluruhan</dt><dd[^>]*>Rp325\.000<", checkout)
    assert "Rp25.000" in checkout


def test_grand_total_follows_the_pickup_choice(client, shop, second_online_seller, stripe_on):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.pot, 1)
    html = checkout_html(client)
    assert re.search(r"Total keseluruhan</dt><dd[^>]*>Rp225\.000<", html)  # 150+25 + 40+10

    # Re-shown after an error: the chosen pickup is no longer charged shipping.
    data = checkout_data(shop.online, phone="", email="")
    data[f"seller-{second_online_seller.pk}-method"] = "pickup"
    html = client.post("/keranjang/checkout/", data).content.decode()
    assert re.search(r"Total keseluruhan</dt><dd[^>]*>Rp215\.000<", html)


# --- Thumbnails, with a constant number of queries ------------------------------------------


@pytest.mark.parametrize("size", [2, 8])
def test_cart_and_checkout_show_thumbnails_in_constant_queries(
    client, shop, stripe_on, size, django_assert_num_queries, page_cache_off
):
    for _ in range(size):
        product = ProductPageFactory(parent=shop.online, stock__quantity=50)
        ProductImageFactory(product=product)
        add_to_cart(client, product, 1)
    cart = client.get("/keranjang/").content.decode()
    checkout = checkout_html(client)
    assert cart.count("<picture") == size and checkout.count("<picture") == size
    assert "fill-80x80" in cart and "fill-80x80" in checkout

    # Session, products with stock and seller, photos, images, renditions, site root paths.
    with django_assert_num_queries(7):
        client.get("/keranjang/")
    with django_assert_num_queries(7):
        client.get("/keranjang/checkout/")


# --- WhatsApp: the name is asked once ---------------------------------------------------------


def test_whatsapp_name_is_asked_once_for_all_sellers(client, shop, second_online_seller, stripe_on):
    add_to_cart(client, shop.coffee, 1)
    add_to_cart(client, shop.pot, 1)
    cart = client.get("/keranjang/").content.decode()
    # One name field, and each seller's WhatsApp button submits it.
    assert cart.count('name="name"') == 1
    assert cart.count('form="whatsapp-order"') >= 4  # two buttons and their delivery choices

    response = client.post(
        f"/keranjang/whatsapp/{shop.offline.pk}/",
        {"name": "Lalu  Ahmad", f"delivery-{second_online_seller.pk}": "pickup"},
    )
    assert "Lalu Ahmad" in parse_qs(urlsplit(response["Location"]).query)["text"][0]

    cart = client.get("/keranjang/").content.decode()
    assert 'value="Lalu Ahmad"' in cart and cart.count('name="name"') == 1
    response = client.post(
        f"/keranjang/whatsapp/{second_online_seller.pk}/",
        {
            "name": "Lalu Ahmad",
            f"delivery-{shop.offline.pk}": "ship",
            f"delivery-{second_online_seller.pk}": "pickup",
        },
    )
    text = parse_qs(urlsplit(response["Location"]).query)["text"][0]
    assert "Lalu Ahmad" in text and "Kendi" in text and "Kopi" not in text
    assert "Rp10.000" not in text  # this seller's own pickup choice was read
    # The checkout's name is prefilled with it too.
    assert 'value="Lalu Ahmad"' in checkout_html(client)


# --- Bad input never 500s --------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"province": "Atlantis"},
        {"postal_code": "abcde"},
        {"phone": "call me"},
        {"email": "x@"},
        {"name": "x" * 5000},
        {"city": "k" * 5000},
        {"method": "teleport"},
        {"provider": "cash"},
    ],
)
def test_bad_checkout_input_gets_a_400_not_a_500(client, shop, stripe_on, bad):
    add_to_cart(client, shop.songket, 1)
    data = checkout_data(shop.online)
    if "method" in bad:
        data[f"seller-{shop.online.pk}-method"] = bad.pop("method")
    data.update(bad)
    response = client.post("/keranjang/checkout/", data)
    assert response.status_code in (303, 400)
    if "provider" not in bad:
        assert response.status_code == 400 and Order.objects.count() == 0


# --- Language ---------------------------------------------------------------------------------


def test_checkout_title_is_indonesian_and_english(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    assert "<title>Pengiriman dan pembayaran" in checkout_html(client)
    assert "<title>Delivery and payment" in checkout_html(client, "/en")
    assert ">Bayar</button>" in checkout_html(client)


def test_midtrans_gets_no_empty_email_for_a_phone_only_order(client, shop, midtrans_on):
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, email=""))
    assert response.status_code == 303
    (create,) = midtrans_on.creates()
    assert create["params"]["customer_details"] == {
        "first_name": "Baiq Nurul",
        "phone": "6281234567890",
    }
