import datetime
from urllib.parse import quote

import pytest

from django.conf import settings

from marketplace.contact.clicks import whatsapp_url
from marketplace.contact.models import ContactClick
from tests.factories import ProductPageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db

PRODUCT_URL = "http://testserver/penjual/tenun-sukarara/songket-subahnale/"
EXPECTED_ID_TEXT = (
    "Halo Tenun Sukarara, saya tertarik dengan *Songket Subahnale* (Rp1.250.000) — " + PRODUCT_URL
)


def expected_wa(text):
    return "https://wa.me/6281234567890?text=" + quote(text, safe="")


def test_whatsapp_redirect_counts_one_click_and_answers_exact_wa_me_url(
    client, product, seller, browser_headers
):
    response = client.get(
        f"/kontak/wa/{product.pk}/",
        headers={**browser_headers, "referer": "http://testserver/katalog/?q=songket"},
    )
    assert response.status_code == 302
    assert response["Location"] == expected_wa(EXPECTED_ID_TEXT)
    assert response["Location"] == (
        "https://wa.me/6281234567890?text=Halo%20Tenun%20Sukarara%2C%20saya%20tertarik%20dengan"
        "%20%2ASongket%20Subahnale%2A%20%28Rp1.250.000%29%20%E2%80%94%20http%3A%2F%2Ftestserver"
        "%2Fpenjual%2Ftenun-sukarara%2Fsongket-subahnale%2F"
    )
    click = ContactClick.objects.get()
    assert click.channel == ContactClick.Channel.WHATSAPP
    assert click.product_id == product.pk
    assert click.seller_id == seller.pk
    assert click.language == "id"
    assert click.referrer_path == "/katalog/"
    assert click.cart_snapshot is None
    assert "no-store" in response["Cache-Control"]


def test_english_page_gives_english_message_and_english_product_url(
    client, product, browser_headers
):
    response = client.get(f"/en/kontak/wa/{product.pk}/", headers=browser_headers)
    assert response.status_code == 302
    assert response["Location"] == expected_wa(
        "Hello Tenun Sukarara, I am interested in *Songket Subahnale* (Rp1.250.000) — "
        "http://testserver/en/penjual/tenun-sukarara/songket-subahnale/"
    )
    assert ContactClick.objects.get().language == "en"


def test_price_on_request_is_named_in_the_message(client, seller, browser_headers):
    product = ProductPageFactory(
        parent=seller, title="Songket Pesanan", slug="songket-pesanan", stock__price=None
    )
    response = client.get(f"/kontak/wa/{product.pk}/", headers=browser_headers)
    assert response["Location"] == expected_wa(
        "Halo Tenun Sukarara, saya tertarik dengan *Songket Pesanan* (harga sesuai permintaan) — "
        "http://testserver/penjual/tenun-sukarara/songket-pesanan/"
    )


def test_phone_and_email_redirects_count_their_channel(client, product, browser_headers):
    response = client.get(f"/kontak/telepon/{product.pk}/", headers=browser_headers)
    assert response.status_code == 302
    assert response["Location"] == "tel:+62370123456"
    response = client.get(f"/kontak/email/{product.pk}/", headers=browser_headers)
    assert response.status_code == 302
    assert response["Location"].startswith("mailto:tenun@example.com?subject=")
    assert "Songket%20Subahnale" in response["Location"]
    assert sorted(ContactClick.objects.values_list("channel", flat=True)) == ["email", "phone"]


def test_seller_level_whatsapp_redirect(client, seller, browser_headers):
    response = client.get(f"/kontak/wa/penjual/{seller.pk}/", headers=browser_headers)
    assert response.status_code == 302
    assert response["Location"] == expected_wa(
        "Halo Tenun Sukarara, saya menemukan toko Anda di Pasar Lokal — "
        "http://testserver/penjual/tenun-sukarara/"
    )
    click = ContactClick.objects.get()
    assert click.product is None
    assert click.seller_id == seller.pk


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0 A",
        "Twitterbot/1.0",
        "curl/8.5.0",
        "Some Link Preview Service",
        "",
    ],
)
def test_bots_are_redirected_but_not_counted(client, product, user_agent):
    response = client.get(f"/kontak/wa/{product.pk}/", headers={"user-agent": user_agent})
    assert response.status_code == 302
    assert response["Location"] == expected_wa(EXPECTED_ID_TEXT)
    assert not ContactClick.objects.exists()


def test_head_request_is_redirected_but_not_counted(client, product, browser_headers):
    response = client.head(f"/kontak/wa/{product.pk}/", headers=browser_headers)
    assert response.status_code == 302
    assert response["Location"].startswith("https://wa.me/6281234567890?text=")
    assert not ContactClick.objects.exists()


def test_post_is_not_allowed(client, product, browser_headers):
    response = client.post(f"/kontak/wa/{product.pk}/", headers=browser_headers)
    assert response.status_code == 405
    assert not ContactClick.objects.exists()


def test_referrer_from_another_site_is_not_kept(client, product, browser_headers):
    client.get(
        f"/kontak/wa/{product.pk}/",
        headers={**browser_headers, "referer": "https://evil.example/testserver/penjual/?x=1"},
    )
    assert ContactClick.objects.get().referrer_path == ""


def test_product_without_whatsapp_has_no_whatsapp_link_and_redirect_404s(
    client, seller_index, browser_headers
):
    seller = SellerPageFactory(
        parent=seller_index, whatsapp="", phone="0370 123456", email="toko@example.com"
    )
    product = ProductPageFactory(parent=seller)
    page = client.get(product.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert f"/kontak/wa/{product.pk}/" not in content
    assert "btn--whatsapp" not in content
    assert f'href="/kontak/telepon/{product.pk}/"' in content  # the call is the primary action
    assert f'href="/kontak/email/{product.pk}/"' not in content  # the enquiry form is e-mail
    response = client.get(f"/kontak/wa/{product.pk}/", headers=browser_headers)
    assert response.status_code == 404
    assert client.get(f"/kontak/wa/penjual/{seller.pk}/").status_code == 404
    assert not ContactClick.objects.exists()


def test_missing_phone_or_email_404s(client, seller_index, browser_headers):
    seller = SellerPageFactory(parent=seller_index, phone="", email="")
    product = ProductPageFactory(parent=seller)
    assert client.get(f"/kontak/telepon/{product.pk}/", headers=browser_headers).status_code == 404
    assert client.get(f"/kontak/email/{product.pk}/", headers=browser_headers).status_code == 404
    assert not ContactClick.objects.exists()


def test_draft_product_and_unknown_ids_404(client, product, browser_headers):
    product.unpublish()
    assert client.get(f"/kontak/wa/{product.pk}/", headers=browser_headers).status_code == 404
    assert client.get("/kontak/wa/999999/", headers=browser_headers).status_code == 404
    assert client.get("/kontak/sms/1/", headers=browser_headers).status_code == 404
    assert not ContactClick.objects.exists()


def test_draft_seller_404s(client, product, seller, browser_headers):
    seller.unpublish()
    assert (
        client.get(f"/kontak/wa/penjual/{seller.pk}/", headers=browser_headers).status_code == 404
    )


@pytest.mark.parametrize(
    "query",
    [
        "?next=https://evil.example/",
        "?url=https://evil.example/",
        "?to=https://evil.example/&redirect=https://evil.example/",
        "?number=6289999999999&text=phish",
        "?phone=6289999999999",
    ],
)
def test_no_parameter_changes_the_target(client, product, browser_headers, query):
    response = client.get(
        f"/kontak/wa/{product.pk}/{query}",
        headers={**browser_headers, "referer": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == expected_wa(EXPECTED_ID_TEXT)


def test_target_is_built_from_stored_number_even_with_odd_host_header(
    client, product, browser_headers
):
    response = client.get(
        f"/kontak/wa/{product.pk}/", headers={**browser_headers, "host": "evil.example"}
    )
    # An unknown host never reaches the view with ALLOWED_HOSTS in production; here it still
    # cannot change where the shopper is sent: wa.me and the stored number.
    assert response["Location"].startswith("https://wa.me/6281234567890?text=")


def test_whatsapp_url_helper_for_the_cart():
    assert whatsapp_url("6281234567890", "Halo & terima kasih") == (
        "https://wa.me/6281234567890?text=Halo%20%26%20terima%20kasih"
    )
    assert whatsapp_url("6281234567890") == "https://wa.me/6281234567890"
    with pytest.raises(ValueError):
        whatsapp_url("")


def test_double_tap_counts_once_but_another_shopper_counts(client, product, browser_headers):
    url = f"/kontak/wa/{product.pk}/"
    assert client.get(url, headers=browser_headers).status_code == 302
    assert client.get(url, headers=browser_headers).status_code == 302
    assert ContactClick.objects.count() == 1
    client.get(url, headers=browser_headers, REMOTE_ADDR="10.0.0.7")
    client.get(f"/kontak/telepon/{product.pk}/", headers=browser_headers)
    assert ContactClick.objects.count() == 3
    # Nothing about the address is stored.
    stored = list(ContactClick.objects.values())
    assert "127.0.0.1" not in str(stored) and "10.0.0.7" not in str(stored)


@pytest.mark.skipif(
    bool(settings.REDIS_URL), reason="Redis expires keys on its own clock, not the test's"
)
def test_repeat_tap_counts_again_after_the_window(client, product, browser_headers):
    import time_machine

    from django.utils import timezone

    from marketplace.contact.clicks import REPEAT_WINDOW

    url = f"/kontak/wa/{product.pk}/"
    client.get(url, headers=browser_headers)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=REPEAT_WINDOW + 1)):
        client.get(url, headers=browser_headers)
    assert ContactClick.objects.count() == 2


def test_record_click_for_a_cart_order(product, seller):
    from django.test import RequestFactory

    from marketplace.contact.clicks import record_click

    request = RequestFactory().get(
        "/keranjang/wa/",
        HTTP_USER_AGENT="Mozilla/5.0 Chrome/126",
        HTTP_REFERER="http://testserver/keranjang/",
    )
    snapshot = [{"product": product.pk, "quantity": 2}]
    click = record_click(
        request, seller, ContactClick.Channel.WHATSAPP_CART, cart_snapshot=snapshot
    )
    click.refresh_from_db()
    assert (click.channel, click.product, click.cart_snapshot) == ("whatsapp_cart", None, snapshot)
    assert click.referrer_path == "/keranjang/"
    bot = RequestFactory().get("/keranjang/wa/", HTTP_USER_AGENT="Googlebot/2.1")
    assert record_click(bot, seller, ContactClick.Channel.WHATSAPP_CART) is None
