"""QR posters: the PDFs, the QR they carry (decoded from a rendered page), the counted redirect."""

import io

import pypdfium2
import pytest
import zxingcpp

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from marketplace.contact.models import ContactClick
from tests.campaign.factories import CentrePageFactory, EventPageFactory
from tests.factories import CertificateFactory, ProductImageFactory, ProductPageFactory
from tests.sellerportal.conftest import make_seller_account

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_user("redaksi@example.org", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def pdf_pages(data):
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    return [pdf[i] for i in range(len(pdf))]


def page_text(page):
    return page.get_textpage().get_text_range()


def decode_qrs(page, scale=3):
    image = page.render(scale=scale).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image) if result.valid]


def follow(client, url):
    """Scan: open the QR's URL as a phone would, then follow the redirect to the page."""
    path = url.removeprefix("http://testserver")
    first = client.get(path, HTTP_USER_AGENT=BROWSER)
    assert first.status_code == 302
    assert first["Cache-Control"] == "no-store"
    page = client.get(first["Location"], HTTP_USER_AGENT=BROWSER)
    assert page.status_code == 200
    return first["Location"], page


def test_product_poster_pdfs_carry_a_qr_that_opens_the_product_and_counts_a_scan(
    client, editor_client, shop
):
    product = shop.make_product(title="Songket Subahnale Merah", stock__price=2750000)
    CertificateFactory(product=product, certification_type__short_label="SNI", verified=True)
    for size, (width_mm, height_mm) in {"a6": (105, 148), "a4": (210, 297)}.items():
        response = editor_client.get(reverse("posters_page", args=[product.pk, size]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        [page] = pdf_pages(response.content)
        width, height = page.get_size()
        assert round(width / 72 * 25.4) == width_mm and round(height / 72 * 25.4) == height_mm
        text = page_text(page)
        assert "Songket Subahnale Merah" in text
        assert "Rp2.750.000" in text
        assert shop.seller.title in text and shop.seller.region.name in text
        assert "SNI" in text
        [url] = decode_qrs(page)
        assert url == f"http://testserver/qr/{size}/{product.pk}/"
        location, page_response = follow(client, url)
        assert location == product.url
        assert "Songket Subahnale Merah" in page_response.content.decode()
        cache.clear()  # another shopper, or later: not a repeat of the first scan
    scans = ContactClick.objects.filter(channel="qr").order_by("poster")
    assert [(c.poster, c.product_id, c.seller_id, c.poster_page_id) for c in scans] == [
        ("a4", product.pk, shop.seller.pk, product.pk),
        ("a6", product.pk, shop.seller.pk, product.pk),
    ]


@pytest.mark.parametrize("kind", ["seller", "centre", "event"])
def test_seller_centre_and_event_posters_lead_to_their_page(
    client, editor_client, shop, campaign, kind
):
    page = {
        "seller": lambda: shop.seller,
        "centre": lambda: CentrePageFactory(parent=campaign.centres, title="Sentra Tenun Sukarara"),
        "event": lambda: EventPageFactory(parent=campaign.events, title="Bazar Produk Lokal"),
    }[kind]()
    response = editor_client.get(reverse("posters_page", args=[page.pk, "a6"]))
    assert response.status_code == 200
    [pdf_page] = pdf_pages(response.content)
    assert page.title in page_text(pdf_page)
    [url] = decode_qrs(pdf_page)
    location, _ = follow(client, url)
    assert location == page.url
    click = ContactClick.objects.get(channel="qr")
    assert click.poster_page_id == page.pk and click.poster == "a6"
    assert click.seller_id == (shop.seller.pk if kind == "seller" else None)


def test_scans_follow_the_bot_and_repeat_rules(client, shop):
    product = shop.make_product()
    url = f"/qr/a6/{product.pk}/"
    assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 302
    assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 302  # a second scan at once
    assert client.get(url, HTTP_USER_AGENT="WhatsApp/2.23 A").status_code == 302  # link preview
    assert client.head(url, HTTP_USER_AGENT=BROWSER).status_code == 302
    assert ContactClick.objects.filter(channel="qr").count() == 1


def test_qr_redirect_refuses_what_is_not_a_live_poster_page(client, shop, campaign, home_page):
    draft = ProductPageFactory(parent=shop.seller, live=False)
    for url in (
        f"/qr/a6/{draft.pk}/",
        f"/qr/a6/{home_page.pk}/",  # not a poster page
        f"/qr/a5/{shop.seller.pk}/",
        "/qr/a6/999999/",
        "/qr/a6/https://evil.example/",
    ):
        response = client.get(url, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 404, url
    assert not ContactClick.objects.exists()


def test_bazaar_pack_has_a_card_for_every_live_product_of_the_sellers_taking_part(
    client, editor_client, shop, campaign
):
    products = [shop.make_product(title=f"Kopi Sembalun {n}") for n in range(5)]
    ProductPageFactory(parent=shop.seller, title="Kopi Draf", live=False)
    other = make_seller_account(shop.seller.get_parent(), "Gerabah Banyumulek", "g@example.org")
    event = EventPageFactory(parent=campaign.events, title="Bazar Lombok")
    event.related_sellers.add(shop.seller)
    event.save_revision().publish()
    response = editor_client.get(reverse("posters_bazaar_pack", args=[event.pk]))
    assert response.status_code == 200
    pages = pdf_pages(response.content)
    assert len(pages) == 2  # five cards, four to a sheet
    text = "".join(page_text(page) for page in pages)
    for product in products:
        assert product.title in text
    assert "Kopi Draf" not in text and other["product"].title not in text
    urls = decode_qrs(pages[0]) + decode_qrs(pages[1])
    assert sorted(urls) == sorted(
        f"http://testserver/qr/bazar/{event.pk}/{p.pk}/" for p in products
    )
    location, _ = follow(client, urls[0])
    scanned = next(p for p in products if urls[0].endswith(f"/{p.pk}/"))
    assert location == scanned.url
    click = ContactClick.objects.get(channel="qr")
    assert (click.poster, click.poster_page_id, click.product_id) == ("pack", event.pk, scanned.pk)


def test_bazaar_pack_query_count_does_not_grow_with_products(
    editor_client, shop, campaign, django_assert_max_num_queries
):
    event = EventPageFactory(parent=campaign.events)
    event.related_sellers.add(shop.seller)
    event.save_revision().publish()
    url = reverse("posters_bazaar_pack", args=[event.pk])
    shop.make_product()
    editor_client.get(url)  # renditions made once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        editor_client.get(url)
    for _ in range(6):
        shop.make_product()
    editor_client.get(url)
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url)
    assert len(many) == len(few)


def test_sellers_download_posters_of_their_own_pages_only(client, shop, campaign):
    index = shop.seller.get_parent()
    alfa = make_seller_account(index, "Tenun Alfa", "alfa@example.org")
    bravo = make_seller_account(index, "Gerabah Bravo", "bravo@example.org")
    event = EventPageFactory(parent=campaign.events)
    client.force_login(alfa["user"])
    for page in (alfa["product"], alfa["seller"]):
        for size in ("a6", "a4"):
            response = client.get(reverse("posters_page", args=[page.pk, size]))
            assert response.status_code == 200, (page, size)
    for page in (bravo["product"], bravo["seller"], event):
        response = client.get(reverse("posters_page", args=[page.pk, "a6"]))
        assert response.status_code in (302, 403, 404)
        assert b"%PDF" not in response.content
    assert client.get(reverse("posters_bazaar_pack", args=[event.pk])).status_code in (302, 403)
    # The edit screen offers the downloads.
    body = client.get(reverse("wagtailadmin_pages:edit", args=[alfa["product"].pk])).content
    assert reverse("posters_page", args=[alfa["product"].pk, "a6"]).encode() in body


def test_editor_sees_bazaar_pack_button_on_an_event(editor_client, campaign):
    event = EventPageFactory(parent=campaign.events)
    body = editor_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content
    assert reverse("posters_bazaar_pack", args=[event.pk]).encode() in body


def test_poster_without_photo_still_renders(editor_client, shop):
    product = ProductPageFactory(parent=shop.seller, title="Tanpa Foto")
    response = editor_client.get(reverse("posters_page", args=[product.pk, "a6"]))
    [page] = pdf_pages(response.content)
    assert "Tanpa Foto" in page_text(page) and decode_qrs(page)
    ProductImageFactory(product=product)
