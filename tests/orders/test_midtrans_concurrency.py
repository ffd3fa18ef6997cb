"""The PostgreSQL races of test_concurrency, with the orders going through Midtrans."""

import pytest

from django.test import Client

from marketplace.orders.models import Order, OrderLine
from marketplace.products import StockRecord

from .conftest import add_to_cart, checkout_data, post_notification
from .test_concurrency import no_rate_limit, run_at_once  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_twenty_shoppers_race_for_the_last_five_through_midtrans(
    shop,
    midtrans_on,
    no_rate_limit,  # noqa: F811
):
    StockRecord.objects.filter(product=shop.songket).update(quantity=5)
    clients = []
    for _ in range(20):
        client = Client()
        add_to_cart(client, shop.songket, 1)
        clients.append(client)

    def checkout(index):
        response = clients[index].post(
            "/keranjang/checkout/", checkout_data(shop.online), follow=False
        )
        if response.status_code == 303 and response["Location"].startswith(midtrans_on.url):
            return "snap"
        return clients[index].get(response["Location"]).content.decode()

    results = run_at_once(20, checkout)

    assert StockRecord.objects.get(product=shop.songket).quantity == 0
    reserved = OrderLine.objects.filter(order__status=Order.Status.PENDING).values_list(
        "quantity", flat=True
    )
    assert sum(reserved) == 5 and Order.objects.filter(status="pending").count() == 5
    assert results.count("snap") == 5 and len(midtrans_on.creates()) == 5
    told = [
        r for r in results if r != "snap" and "Songket Subahnale" in r and "message--error" in r
    ]
    assert len(told) == 15


def test_concurrent_expire_notifications_release_stock_once(
    shop,
    midtrans_on,
    no_rate_limit,  # noqa: F811
):
    client = Client()
    add_to_cart(client, shop.songket, 2)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    midtrans_on.choose(order.payment_reference, "bca_va")
    midtrans_on.expire(order.payment_reference)
    body = midtrans_on.notification(order.payment_reference)

    statuses = run_at_once(8, lambda index: post_notification(body).status_code)

    assert statuses == [200] * 8
    assert StockRecord.objects.get(product=shop.songket).quantity == 5
    assert Order.objects.get().status == Order.Status.CANCELLED
