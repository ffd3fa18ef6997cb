"""Which providers are on decides what the shopper sees: a choice, one provider, or WhatsApp only."""

import pytest

from marketplace.orders.models import Order

from .conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_on(stripe_on, midtrans_on, settings):
    settings.PAYMENT_PROVIDERS = "midtrans,stripe"
    return stripe_on, midtrans_on


def test_with_both_on_the_shopper_chooses_without_javascript(client, shop, both_on):
    add_to_cart(client, shop.songket, 1)
    page = client.get("/keranjang/checkout/").content.decode()
    assert 'type="radio" name="provider" value="midtrans"' in page
    assert 'type="radio" name="provider" value="stripe"' in page
    assert "QRIS / transfer bank / e-wallet" in page and "Kartu" in page


@pytest.mark.parametrize("provider", ["midtrans", "stripe"])
def test_the_chosen_provider_takes_the_payment(client, shop, both_on, provider):
    fake_stripe, fake_midtrans = both_on
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, provider=provider))
    order = Order.objects.get()
    assert order.payment_provider == provider
    used, unused = (
        (fake_midtrans, fake_stripe) if provider == "midtrans" else (fake_stripe, fake_midtrans)
    )
    assert response["Location"].startswith(used.url)
    assert len(used.creates()) == 1 and unused.creates() == []


def test_an_unknown_provider_is_a_form_error_and_holds_nothing(client, shop, both_on):
    add_to_cart(client, shop.songket, 1)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online, provider="paypal"))
    assert response.status_code == 400
    assert Order.objects.count() == 0
    assert 'name="provider"' in response.content.decode()


def test_order_of_payment_providers_sets_the_default(client, shop, both_on, settings):
    settings.PAYMENT_PROVIDERS = "stripe,midtrans"
    add_to_cart(client, shop.songket, 1)
    page = client.get("/keranjang/checkout/").content.decode()
    assert 'value="stripe" id="id_provider_0" checked' in page.replace("required ", "")


def test_with_one_provider_there_is_no_choice(client, shop, midtrans_on):
    add_to_cart(client, shop.songket, 1)
    page = client.get("/keranjang/checkout/").content.decode()
    assert 'name="provider"' not in page
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    assert Order.objects.get().payment_provider == "midtrans"


def test_a_listed_provider_without_keys_is_off(client, shop, midtrans_on, settings):
    settings.PAYMENT_PROVIDERS = "stripe"  # Midtrans has keys but is not listed; Stripe has none
    add_to_cart(client, shop.songket, 1)
    assert client.get("/keranjang/checkout/")["Location"] == "/keranjang/"


def test_without_a_provider_pay_online_and_buy_online_are_hidden(client, shop, settings):
    """Bug: the "Beli online" badge showed although no payment provider was configured."""
    settings.PAYMENT_PROVIDERS = "midtrans,stripe"  # listed, but no keys
    product_page = client.get(shop.songket.url).content.decode()
    seller_page = client.get(shop.online.url).content.decode()
    assert "Beli online" not in product_page and "Beli online" not in seller_page
    add_to_cart(client, shop.songket, 1)
    cart = client.get("/keranjang/").content.decode()
    assert "/keranjang/checkout/" not in cart
    assert "Pembayaran online sedang tidak tersedia" in cart or "not available" in cart
    assert client.get("/keranjang/checkout/")["Location"] == "/keranjang/"


def test_with_a_provider_the_badge_shows(client, shop, midtrans_on):
    assert "Beli online" in client.get(shop.songket.url).content.decode()
    assert "Beli online" in client.get(shop.online.url).content.decode()


def test_whatsapp_ordering_remains_without_a_provider(client, shop, settings):
    settings.PAYMENT_PROVIDERS = ""
    add_to_cart(client, shop.coffee, 1)
    cart = client.get("/keranjang/").content.decode()
    assert f"/keranjang/whatsapp/{shop.offline.pk}/" in cart
