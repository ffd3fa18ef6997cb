import pytest

from django.core import mail

from marketplace.orders.models import Order, OrderDelivery
from marketplace.products import StockRecord

from .conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def stock_of(product):
    return StockRecord.objects.get(product=product).quantity


def test_checkout_creates_pending_order_reserves_stock_and_redirects_to_stripe(
    client, shop, stripe_on
):
    add_to_cart(client, shop.songket, 2)
    add_to_cart(client, shop.scarf, 1)

    response = client.post("/keranjang/checkout/", checkout_data(shop.online))

    order = Order.objects.get()
    assert order.status == Order.Status.PENDING
    assert order.total == 2 * 150000 + 75000 + 25000
    assert order.customer_phone == "6281234567890"
    assert len(order.access_token) >= 40 and order.reference.startswith("PL-")
    assert sorted(
        (line.product_name, line.quantity, line.unit_price) for line in order.lines.all()
    ) == [
        ("Selendang", 1, 75000),
        ("Songket Subahnale", 2, 150000),
    ]
    delivery = order.deliveries.get()
    assert (delivery.method, delivery.shipping_fee, delivery.postal_code) == (
        "ship",
        25000,
        "83239",
    )
    assert stock_of(shop.songket) == 3 and stock_of(shop.scarf) == 9

    session = stripe_on.sessions[order.stripe_session_id]
    assert response.status_code == 303
    assert response["Location"] == session["url"]

    [create] = stripe_on.creates()
    params = create["params"]
    assert params["mode"] == "payment" and params["currency"] == "idr"
    assert params["client_reference_id"] == order.reference
    assert params["metadata"] == {"order_reference": order.reference}
    assert params["customer_email"] == "nurul@example.com"
    amounts = sorted(
        (item["price_data"]["unit_amount"], item["quantity"]) for item in params["line_items"]
    )
    # Rupiah are sent in Stripe's minor units (×100); shipping is its own line.
    assert amounts == [("15000000", "2"), ("2500000", "1"), ("7500000", "1")]
    assert session["amount_total"] == order.total * 100
    assert create["headers"]["Idempotency-Key"] == f"checkout-{order.reference}"
    assert "{CHECKOUT_SESSION_ID}" in params["success_url"]
    assert (
        order.access_token in params["success_url"] and order.access_token in params["cancel_url"]
    )
    assert int(params["expires_at"]) == int(order.expires_at.timestamp())
    assert 30 * 60 < (order.expires_at - order.created_at).total_seconds() <= 32 * 60
    assert mail.outbox == []  # nothing is sent until Stripe says it is paid


def test_pickup_has_no_shipping_and_needs_no_address(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    data = checkout_data(shop.online, method="pickup")
    for field in ["street", "village", "district", "city", "province", "postal_code"]:
        data[field] = ""

    response = client.post("/keranjang/checkout/", data)

    assert response.status_code == 303
    order = Order.objects.get()
    assert order.total == 150000
    assert order.deliveries.get().method == OrderDelivery.Method.PICKUP
    assert len(stripe_on.creates()[0]["params"]["line_items"]) == 1


def test_invalid_form_rerenders_with_messages_and_keeps_input(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    data = checkout_data(shop.online, phone="12345", email="not-an-email")
    data["postal_code"] = "8323"
    data["street"] = ""

    response = client.post("/keranjang/checkout/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Baiq Nurul" in html and "Cakranegara Timur" in html and "not-an-email" in html
    assert 'aria-invalid="true"' in html
    assert "5 digits" in html or "5 digit" in html
    assert Order.objects.count() == 0 and stock_of(shop.songket) == 5
    assert stripe_on.creates() == []


def test_out_of_stock_line_reserves_nothing_and_names_the_item(client, shop, stripe_on):
    add_to_cart(client, shop.scarf, 2)
    add_to_cart(client, shop.songket, 5)
    # Someone else buys songket between the cart and the checkout.
    StockRecord.objects.filter(product=shop.songket).update(quantity=1)

    response = client.post("/keranjang/checkout/", checkout_data(shop.online), follow=True)

    assert Order.objects.count() == 0
    assert stock_of(shop.scarf) == 10 and stock_of(shop.songket) == 1
    assert stripe_on.creates() == []
    # The cart page capped the quantity and the shopper is told about songket.
    assert "Songket Subahnale" in response.content.decode()


def test_sold_out_during_checkout_rolls_back_everything(shop, stripe_on):
    from marketplace.orders import checkout
    from marketplace.orders.cart import CartLine, SellerGroup

    group = SellerGroup(seller=shop.online)
    shop.scarf.stock.refresh_from_db()
    shop.songket.stock.refresh_from_db()
    group.lines = [CartLine(shop.scarf, 2), CartLine(shop.songket, 6)]
    with pytest.raises(checkout.OutOfStock) as error:
        checkout.place_order(
            [group],
            {"name": "A", "email": "a@example.com", "phone": "6281234567890"},
            {shop.online.pk: {"method": "pickup"}},
        )
    assert error.value.product_name == "Songket Subahnale" and error.value.available == 5
    assert Order.objects.count() == 0
    assert stock_of(shop.scarf) == 10 and stock_of(shop.songket) == 5


@pytest.mark.parametrize("failure", ["500", "hang"])
def test_stripe_failure_releases_reservation_and_keeps_cart(client, shop, stripe_on, failure):
    stripe_on.fail_next_create = failure
    stripe_on.hang_seconds = 2  # the app gives up after STRIPE_TIMEOUT_SECONDS = 1
    add_to_cart(client, shop.songket, 2)

    response = client.post("/keranjang/checkout/", checkout_data(shop.online), follow=True)

    assert response.redirect_chain[-1][0] == "/keranjang/"
    order = Order.objects.get()
    assert order.status == Order.Status.CANCELLED
    assert stock_of(shop.songket) == 5
    assert client.session["cart"] == {str(shop.songket.pk): 2}
    html = response.content.decode()
    assert "Nothing was charged" in html or "Tidak ada yang ditagih" in html


def test_mixed_cart_checks_out_only_online_sellers(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.coffee, 2)

    page = client.get("/keranjang/checkout/")
    html = page.content.decode()
    assert "Kopi Sembalun" in html  # named as staying in the cart for WhatsApp
    assert f"seller-{shop.offline.pk}-method" not in html

    client.post("/keranjang/checkout/", checkout_data(shop.online))

    order = Order.objects.get()
    assert [line.product_name for line in order.lines.all()] == ["Songket Subahnale"]
    assert stock_of(shop.coffee) == 20


def test_made_to_order_is_not_reserved_and_not_capped_by_stock(client, shop, stripe_on):
    shop.scarf.made_to_order = True
    shop.scarf.save()
    StockRecord.objects.filter(product=shop.scarf).update(quantity=0)
    add_to_cart(client, shop.scarf, 4)

    client.post("/keranjang/checkout/", checkout_data(shop.online))

    line = Order.objects.get().lines.get()
    assert line.quantity == 4 and line.stock_reserved is False
    assert stock_of(shop.scarf) == 0


def test_checkout_without_stripe_keys_goes_back_to_cart(client, shop):
    add_to_cart(client, shop.songket, 1)
    response = client.get("/keranjang/checkout/")
    assert response.status_code == 302 and response["Location"] == "/keranjang/"


def test_prices_are_read_from_the_database_not_the_form(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    StockRecord.objects.filter(product=shop.songket).update(price=160000)
    client.post("/keranjang/checkout/", checkout_data(shop.online, unit_price="1", total="1"))
    assert Order.objects.get().lines.get().unit_price == 160000


def test_success_page_says_payment_being_confirmed_and_clears_ordered_items(
    client, shop, stripe_on
):
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, shop.coffee, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()

    response = client.get(
        f"/pesanan/{order.access_token}/berhasil/?session_id={order.stripe_session_id}"
    )

    assert response.status_code == 200
    assert (
        "being confirmed" in response.content.decode()
        or "sedang dikonfirmasi" in response.content.decode()
    )
    assert client.session["cart"] == {str(shop.coffee.pk): 1}
    assert client.session["cart_count"] == 1


def test_cancel_page_leads_back_to_cart(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    response = client.get(f"/pesanan/{order.access_token}/batal/")
    assert response.status_code == 200
    assert 'href="/keranjang/"' in response.content.decode()
    assert client.session["cart"] == {str(shop.songket.pk): 1}


def test_order_page_needs_the_token(client, shop):
    assert client.get("/pesanan/not-a-token/").status_code == 404


def test_checkouts_per_connection_are_limited(client, shop, stripe_on, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1  # → 4 orders per hour per IP
    settings.MAX_OPEN_ORDERS_PER_SESSION = 10  # the per-session cap has its own test
    add_to_cart(client, shop.scarf, 1)
    for _ in range(4):
        assert client.post("/keranjang/checkout/", checkout_data(shop.online)).status_code == 303
    response = client.post("/keranjang/checkout/", checkout_data(shop.online))
    assert response.status_code == 400
    assert Order.objects.count() == 4


def test_honeypot_creates_nothing(client, shop, stripe_on):
    add_to_cart(client, shop.songket, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online, website="http://spam.example"))
    assert Order.objects.count() == 0 and stock_of(shop.songket) == 5
