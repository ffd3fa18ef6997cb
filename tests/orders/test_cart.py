from urllib.parse import parse_qs, urlsplit

import pytest

from django.test import Client

from marketplace.contact.models import ContactClick
from marketplace.products import StockRecord
from tests.factories import ProductPageFactory

from .conftest import add_to_cart

pytestmark = pytest.mark.django_db


def test_add_update_remove(client, shop):
    add_to_cart(client, shop.songket, 2)
    add_to_cart(client, shop.songket, 1)
    assert client.session["cart"] == {str(shop.songket.pk): 3}

    client.post("/keranjang/ubah/", {"product": shop.songket.pk, "quantity": 1})
    assert client.session["cart"] == {str(shop.songket.pk): 1}

    client.post("/keranjang/ubah/", {"product": shop.songket.pk, "quantity": 1, "remove": "1"})
    assert client.session["cart"] == {}
    assert client.session["cart_count"] == 0


def test_quantity_is_capped_by_stock_with_a_message(client, shop):
    response = add_to_cart(client, shop.songket, 9)
    assert client.session["cart"] == {str(shop.songket.pk): 5}
    page = client.get(response["Location"]).content.decode()
    assert "Songket Subahnale" in page and "5" in page
    assert "message--warning" in page


def test_cart_shows_changed_stock_and_price_from_the_database(client, shop):
    add_to_cart(client, shop.songket, 4)
    StockRecord.objects.filter(product=shop.songket).update(quantity=2, price=99000)
    page = client.get("/keranjang/").content.decode()
    assert "Rp198.000" in page and "Rp99.000" in page
    assert client.session["cart"] == {str(shop.songket.pk): 2}


def test_sold_out_or_unpublished_items_leave_the_cart(client, shop):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.scarf, 1)
    StockRecord.objects.filter(product=shop.songket).update(quantity=0)
    shop.scarf.unpublish()
    page = client.get("/keranjang/").content.decode()
    assert client.session["cart"] == {}
    assert "Songket Subahnale" in page  # named in the notice


def test_products_without_price_cannot_be_added(client, shop):
    StockRecord.objects.filter(product=shop.songket).update(price=None)
    add_to_cart(client, shop.songket, 1)
    assert client.session.get("cart", {}) == {}


@pytest.mark.parametrize("bad", [{"product": "x"}, {"product": "999999"}, {"quantity": "lots"}, {}])
def test_garbage_input_never_500s(client, shop, bad):
    response = client.post("/keranjang/tambah/", bad)
    assert response.status_code == 302
    response = client.post("/keranjang/ubah/", bad)
    assert response.status_code == 302


def test_cart_forms_need_csrf(shop):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/keranjang/tambah/", {"product": shop.songket.pk, "quantity": 1})
    assert response.status_code == 403


def test_header_shows_the_count(client, shop):
    add_to_cart(client, shop.songket, 2)
    add_to_cart(client, shop.coffee, 1)
    # The count travels in a display-only cookie that site.js shows; the HTML stays shareable.
    assert client.cookies["pl_cart_count"].value == "3"
    page = client.get("/keranjang/").content.decode()
    assert "data-cart-count" in page


def test_groups_by_seller_with_subtotal_and_delivery(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 2)
    add_to_cart(client, shop.coffee, 1)
    page = client.get("/keranjang/").content.decode()
    tenun = page[page.index(f'id="seller-{shop.online.pk}"') :]
    tenun = tenun[: tenun.index("</section>")]
    kopi = page[page.index(f'id="seller-{shop.offline.pk}"') :]
    kopi = kopi[: kopi.index("</section>")]
    # One checkout button for the whole cart (above the sellers); Tenun is marked as paid online.
    assert page.count('href="/keranjang/checkout/"') == 1
    assert page.index('href="/keranjang/checkout/"') < page.index(f'id="seller-{shop.online.pk}"')
    assert "Rp300.000" in tenun and "Rp25.000" in tenun and "cart-seller__online" in tenun
    assert 'value="pickup"' in tenun
    assert "Rp60.000" in kopi and "Rp15.000" in kopi
    assert 'href="/keranjang/checkout/"' not in kopi and 'value="pickup"' not in kopi
    assert "/keranjang/whatsapp/" in kopi


def test_without_stripe_keys_pay_online_is_hidden(client, shop):
    add_to_cart(client, shop.songket, 1)
    page = client.get("/keranjang/").content.decode()
    assert 'href="/keranjang/checkout/"' not in page
    assert "message--info" in page
    assert f"/keranjang/whatsapp/{shop.online.pk}/" in page


BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


def test_whatsapp_order_counts_a_click_and_prefills_the_message(client, shop):
    add_to_cart(client, shop.coffee, 2)
    add_to_cart(client, shop.songket, 1)

    response = client.post(
        f"/en/keranjang/whatsapp/{shop.offline.pk}/",
        {"name": "Lalu Ahmad", "delivery": "ship"},
        HTTP_USER_AGENT=BROWSER,
    )

    assert response.status_code == 303
    url = urlsplit(response["Location"])
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/6281907070808")
    text = parse_qs(url.query)["text"][0]
    assert "Kopi Sembalun" in text
    assert "2 × Kopi Arabika @ Rp60.000 = Rp120.000" in text
    assert "Subtotal: Rp120.000" in text and "Rp15.000" in text
    assert "Lalu Ahmad" in text
    assert "Songket" not in text  # only this seller's items
    click = ContactClick.objects.get()
    assert click.seller == shop.offline and click.channel == "whatsapp_cart"
    assert click.language == "en"
    assert click.cart_snapshot["items"] == [
        {"product_id": shop.coffee.pk, "name": "Kopi Arabika", "quantity": 2, "unit_price": 60000}
    ]
    assert click.cart_snapshot["subtotal"] == 120000 and click.cart_snapshot["delivery"] == "ship"
    assert "Lalu" not in str(click.cart_snapshot)  # no personal data kept with the click


def test_whatsapp_pickup_and_indonesian_message(client, shop):
    add_to_cart(client, shop.songket, 1)
    response = client.post(
        f"/keranjang/whatsapp/{shop.online.pk}/", {"name": "Nurul", "delivery": "pickup"}
    )
    text = parse_qs(urlsplit(response["Location"]).query)["text"][0]
    assert "Nurul" in text and "Rp150.000" in text
    assert "Rp25.000" not in text


def test_whatsapp_order_needs_a_name_and_a_seller_in_the_cart(client, shop):
    add_to_cart(client, shop.coffee, 1)
    assert client.post(f"/keranjang/whatsapp/{shop.offline.pk}/", {"name": " "}).status_code == 302
    assert client.post(f"/keranjang/whatsapp/{shop.online.pk}/", {"name": "A"}).status_code == 302
    assert ContactClick.objects.count() == 0


def test_product_page_shows_add_to_cart_only_when_buyable(client, shop):
    page = client.get(shop.songket.url).content.decode()
    assert 'action="/keranjang/tambah/"' in page and 'max="5"' in page
    StockRecord.objects.filter(product=shop.songket).update(quantity=0)
    assert 'action="/keranjang/tambah/"' not in client.get(shop.songket.url).content.decode()
    shop.songket.made_to_order = True
    shop.songket.save_revision().publish()
    assert 'action="/keranjang/tambah/"' in client.get(shop.songket.url).content.decode()
    StockRecord.objects.filter(product=shop.songket).update(price=None)
    assert 'action="/keranjang/tambah/"' not in client.get(shop.songket.url).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_cart_page_query_count_is_constant(client, shop, size, django_assert_num_queries):
    products = [ProductPageFactory(parent=shop.online, stock__quantity=50) for _ in range(size)]
    for product in products:
        add_to_cart(client, product, 1)
    client.get("/keranjang/")
    # Session, products (joined with stock and seller), their photos, site root paths…; nothing
    # per line (with photos, see test_checkout_form.py).
    with django_assert_num_queries(6):
        response = client.get("/keranjang/")
    assert response.status_code == 200


def test_csp_lets_the_cart_and_checkout_forms_redirect_out(client, shop, stripe_on):
    # Browsers apply form-action to the redirect after a form post (wa.me, Stripe's page).
    add_to_cart(client, shop.songket, 1)
    cart_csp = client.get("/keranjang/")["Content-Security-Policy"]
    form_action = next(d for d in cart_csp.split(";") if "form-action" in d)
    assert "https://wa.me" in form_action and "https://api.whatsapp.com" in form_action
    checkout_csp = client.get("/keranjang/checkout/")["Content-Security-Policy"]
    form_action = next(d for d in checkout_csp.split(";") if "form-action" in d)
    assert "https://checkout.stripe.com" in form_action and stripe_on.url in form_action
