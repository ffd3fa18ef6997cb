import json

import pytest
import stripe

from django.test import Client

from tests.factories import ProductPageFactory, SellerIndexPageFactory, SellerPageFactory

from .fake_midtrans import FakeMidtrans
from .fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret"
MIDTRANS_SERVER_KEY = "SB-Mid-server-test-key"


@pytest.fixture
def fake_stripe():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_on(settings, fake_stripe):
    """The app talks to the fake Stripe server with test keys."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_TIMEOUT_SECONDS = 1
    return fake_stripe


@pytest.fixture
def fake_midtrans():
    server = FakeMidtrans(MIDTRANS_SERVER_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def midtrans_on(settings, fake_midtrans):
    """The app talks to the fake Midtrans server with sandbox-style keys; Stripe stays off."""
    settings.MIDTRANS_SERVER_KEY = MIDTRANS_SERVER_KEY
    settings.MIDTRANS_CLIENT_KEY = "SB-Mid-client-test-key"
    settings.MIDTRANS_API_BASE = fake_midtrans.url
    settings.MIDTRANS_TIMEOUT_SECONDS = 2
    settings.MIDTRANS_ENABLED_PAYMENTS = "other_qris,gopay,bca_va,bni_va"
    return fake_midtrans


def post_notification(body, client=None):
    """Post a Midtrans notification body as Midtrans does, with CSRF checks on."""
    client = client or Client(enforce_csrf_checks=True)
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/midtrans/notification/", data=data, content_type="application/json")


@pytest.fixture
def shop(home_page):
    """Two sellers: Tenun sells online (Rp25.000 shipping, pickup too); Kopi takes WhatsApp orders."""
    index = SellerIndexPageFactory(parent=home_page)
    online = SellerPageFactory(
        parent=index, title="Tenun Sukarara", slug="tenun", sells_online=True, shipping_fee=25000
    )
    offline = SellerPageFactory(
        parent=index,
        title="Kopi Sembalun",
        slug="kopi",
        sells_online=False,
        whatsapp="0819-0707-0808",
        offers_pickup=False,
        shipping_fee=15000,
    )

    class Shop:
        pass

    shop = Shop()
    shop.index = index
    shop.online = online
    shop.offline = offline
    shop.songket = ProductPageFactory(
        parent=online,
        title="Songket Subahnale",
        slug="songket",
        stock__quantity=5,
        stock__price=150000,
    )
    shop.scarf = ProductPageFactory(
        parent=online, title="Selendang", slug="selendang", stock__quantity=10, stock__price=75000
    )
    shop.coffee = ProductPageFactory(
        parent=offline, title="Kopi Arabika", slug="arabika", stock__quantity=20, stock__price=60000
    )
    return shop


def add_to_cart(client, product, quantity=1):
    return client.post("/keranjang/tambah/", {"product": product.pk, "quantity": quantity})


CHECKOUT_DATA = {
    "name": "Baiq Nurul",
    "email": "nurul@example.com",
    "phone": "0812-3456-7890",
    "website": "",
}


ADDRESS_DATA = {
    "street": "Jl. Pejanggik No. 12",
    "village": "Cakranegara Timur",
    "district": "Cakranegara",
    "city": "Kota Mataram",
    "province": "Nusa Tenggara Barat",
    "postal_code": "83239",
}


def checkout_data(*sellers, method="ship", **extra):
    """The checkout form: contact, one delivery address, and each seller's ship/pickup choice."""
    data = {**CHECKOUT_DATA, **ADDRESS_DATA}
    for seller in sellers:
        data[f"seller-{seller.pk}-method"] = method
    data.update(extra)
    return data


def post_webhook(event, secret=WEBHOOK_SECRET, timestamp=None, body=None, client=None):
    """Sign the event like Stripe and post the same string, with CSRF checks on."""
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    client = client or Client(enforce_csrf_checks=True)
    return client.post(
        "/stripe/webhook/",
        data=body if body is not None else payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
