"""The order look-up page: reference + the e-mail or phone given at checkout leads to the order."""

import pytest

from django.core import mail
from django.test import Client

from marketplace.orders import emails
from marketplace.orders.models import Order, OrderDelivery
from tests.orders.factories import order_for

pytestmark = pytest.mark.django_db

URL = "/pesanan/cari/"
NOT_FOUND = "Kami tidak menemukan pesanan dengan nomor dan e-mail atau nomor telepon itu"


@pytest.fixture
def order(shop):
    order = order_for(
        shop.songket,
        status=Order.Status.PAID,
        customer_email="Nurul@Example.com",
        customer_phone="6281234567890",
    )
    OrderDelivery.objects.filter(order=order).update(
        fulfilment="shipped", courier="JNE REG", tracking_number="JNE0012345678"
    )
    return order


def look_up(client, reference, contact, **extra):
    return client.post(URL, {"reference": reference, "contact": contact}, **extra)


def test_page_offers_the_form_without_a_token_and_is_not_indexed(client, home_page):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cari pesanan Anda" in content
    assert '<meta name="robots" content="noindex">' in content
    assert 'name="reference"' in content and 'name="contact"' in content
    assert "csrfmiddlewaretoken" not in content
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    "contact", ["nurul@example.com", " NURUL@example.COM ", "0812-3456-7890", "+62 812 3456 7890"]
)
def test_matching_pair_leads_to_the_order_with_courier_and_tracking(client, order, contact):
    response = look_up(client, order.reference, contact)
    assert response.status_code == 302
    assert response["Location"] == f"/pesanan/{order.access_token}/"
    page = client.get(response["Location"]).content.decode()
    assert "Dikirim" in page
    assert "JNE REG" in page and "JNE0012345678" in page


def test_reference_may_be_typed_loosely(client, order):
    loose = " " + order.reference.lower().replace("pl-", "") + " "
    response = look_up(client, loose, "62812-3456-7890")
    assert response["Location"] == f"/pesanan/{order.access_token}/"


def test_phone_stored_with_a_leading_zero_matches_too(client, shop):
    order = order_for(shop.songket, customer_phone="0812 3456 7890")
    response = look_up(client, order.reference, "+6281234567890")
    assert response["Location"] == f"/pesanan/{order.access_token}/"


def test_unknown_reference_and_wrong_contact_look_the_same(client, order, shop):
    other = order_for(shop.scarf, customer_email="lain@example.com", customer_phone="")
    cases = {
        "unknown reference": ("PL-AAAAAAAAAA", "nurul@example.com"),
        "wrong e-mail": (order.reference, "lain@example.com"),
        "wrong phone": (order.reference, "0813-0000-0000"),
        "order without a phone": (other.reference, "0812-3456-7890"),
        "not a phone or e-mail": (order.reference, "abc"),
    }
    bodies = set()
    for reference, contact in cases.values():
        response = look_up(client, reference, contact)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        body = response.content.decode()
        assert NOT_FOUND in body
        assert order.access_token not in body and "Nurul" not in body
        bodies.add(body.replace(reference, "REF").replace(contact, "CONTACT"))
    assert len(bodies) == 1


def test_empty_fields_are_explained_and_not_counted(client, order):
    for _ in range(12):
        response = look_up(client, "", "")
        assert response.status_code == 200
        content = response.content.decode()
        assert "Masukkan nomor pesanan." in content
        assert "Masukkan alamat e-mail atau nomor telepon Anda." in content
    assert look_up(client, order.reference, "nurul@example.com").status_code == 302


def test_eleventh_attempt_in_fifteen_minutes_is_refused(client, order):
    for _ in range(10):
        assert look_up(client, "PL-AAAAAAAAAA", "nurul@example.com").status_code == 200
    response = look_up(client, order.reference, "nurul@example.com")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Terlalu banyak pencarian dari koneksi Anda" in content
    assert order.access_token not in content
    # Another address is not affected.
    other = look_up(client, order.reference, "nurul@example.com", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_english_page_is_translated(client, order):
    response = client.post(
        "/en" + URL, {"reference": "PL-AAAAAAAAAA", "contact": "nurul@example.com"}
    )
    assert "We could not find an order with that reference" in response.content.decode()


def test_post_from_another_site_is_refused(order):
    client = Client(enforce_csrf_checks=True)
    evil = look_up(client, order.reference, "nurul@example.com", HTTP_ORIGIN="https://evil.test")
    assert evil.status_code == 403
    own = look_up(client, order.reference, "nurul@example.com", HTTP_ORIGIN="http://testserver")
    assert own.status_code == 302


def test_footer_links_to_the_look_up_page(client, home_page):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_confirmation_email_links_the_order_and_mentions_the_look_up(order, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://pasarlokal.example"
    mail.outbox.clear()
    emails.send_order_paid(order.pk)
    body = next(m.body for m in mail.outbox if m.to == [order.customer_email])
    assert f"https://pasarlokal.example/pesanan/{order.access_token}/" in body
    assert "https://pasarlokal.example/pesanan/cari/" in body
    assert order.reference in body
