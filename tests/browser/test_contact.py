"""A shopper contacts a seller: WhatsApp through the counted redirect, then an enquiry."""

from urllib.parse import quote

import pytest

from django.core import mail

from marketplace.contact.models import ContactClick, Enquiry
from tests.factories import ProductPageFactory, SellerIndexPageFactory, SellerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def product(home_page, live_site):
    seller = SellerPageFactory(
        parent=SellerIndexPageFactory(parent=home_page),
        title="Tenun Sukarara",
        slug="tenun-sukarara",
        whatsapp="0812-3456-7890",
        email="tenun@example.com",
    )
    return ProductPageFactory(
        parent=seller, title="Songket Subahnale", slug="songket-subahnale", stock__price=1250000
    )


def test_shopper_chats_on_whatsapp_then_sends_an_enquiry(browser_page, live_server, product):
    page = browser_page
    page.goto(product.url)

    button = page.get_by_role("link", name="Chat lewat WhatsApp")
    assert button.get_attribute("href") == f"/kontak/wa/{product.pk}/"

    expected_text = (
        "Halo Tenun Sukarara, saya tertarik dengan *Songket Subahnale* (Rp1.250.000) — "
        f"{live_server.url}/penjual/tenun-sukarara/songket-subahnale/"
    )
    expected = "https://wa.me/6281234567890?text=" + quote(expected_text, safe="")
    landed = []

    def fake_whatsapp(route):
        landed.append(route.request.url)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<!doctype html><html lang='id'><title>WhatsApp</title><main><h1>WhatsApp</h1></main></html>",
        )

    page.route("https://wa.me/**", fake_whatsapp)
    button.click()
    page.wait_for_url("https://wa.me/**")
    assert landed == [expected]
    assert page.url == expected
    click = ContactClick.objects.get()
    assert (click.channel, click.product_id, click.referrer_path) == (
        "whatsapp",
        product.pk,
        "/penjual/tenun-sukarara/songket-subahnale/",
    )

    page.goto(product.url)
    page.get_by_label("Nama Anda").fill("Baiq Nurul")
    page.get_by_label("E-mail").fill("nurul@example.com")
    page.get_by_label("Jumlah (opsional)").fill("2")
    page.get_by_label("Pesan Anda").fill("Apakah ada warna merah?")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pertanyaan").click()
    assert page.url.startswith(f"{live_server.url}/kontak/tanya/{product.pk}/terkirim/")
    confirmation = page.get_by_role("status")
    assert "Terima kasih!" in confirmation.inner_text()
    assert "sudah dikirim ke Tenun Sukarara" in confirmation.inner_text()
    browser_page.check_accessibility()

    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.quantity) == ("Baiq Nurul", 2)
    assert [m.to for m in mail.outbox] == [["tenun@example.com"], ["nurul@example.com"]]
