"""Real concurrency on PostgreSQL: threads with their own connections check out at once."""

import threading

import pytest

from django.db import close_old_connections, connection
from django.test import Client

from marketplace.orders.models import Order, OrderLine
from marketplace.products import StockRecord
from marketplace.variants import ProductVariant, set_variants

from .conftest import add_to_cart, checkout_data

# transaction=True: each thread needs its own committed view (the transactional_db fixture);
# the page tree the flush between tests removes is rebuilt by the `home_page` fixture.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def run_at_once(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def target(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def no_rate_limit(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 1000


def test_twenty_shoppers_race_for_the_last_five(shop, stripe_on, no_rate_limit):
    StockRecord.objects.filter(product=shop.songket).update(quantity=5)
    clients = []
    for _ in range(20):
        client = Client()
        add_to_cart(client, shop.songket, 1)
        clients.append(client)

    def checkout(index):
        response = clients[index].post(
            "/keranjang/checkout/", checkout_data(shop.online), follow=True
        )
        return response.content.decode()

    pages = run_at_once(20, checkout)

    assert StockRecord.objects.get(product=shop.songket).quantity == 0
    reserved = OrderLine.objects.filter(order__status=Order.Status.PENDING).values_list(
        "quantity", flat=True
    )
    assert sum(reserved) == 5 and Order.objects.filter(status="pending").count() == 5
    assert len(stripe_on.creates()) == 5
    told = [page for page in pages if "Songket Subahnale" in page and "message--error" in page]
    assert len(told) == 15


def test_opposite_order_carts_do_not_deadlock(shop, stripe_on, no_rate_limit):
    StockRecord.objects.filter(product=shop.songket).update(quantity=3)
    StockRecord.objects.filter(product=shop.scarf).update(quantity=3)
    clients = []
    for index in range(10):
        client = Client()
        first, second = (shop.songket, shop.scarf) if index % 2 else (shop.scarf, shop.songket)
        add_to_cart(client, first, 1)
        add_to_cart(client, second, 1)
        clients.append(client)

    def checkout(index):
        return clients[index].post("/keranjang/checkout/", checkout_data(shop.online)).status_code

    statuses = run_at_once(10, checkout)

    assert all(status in (302, 303) for status in statuses)  # no 500 from a deadlock
    assert Order.objects.filter(status="pending").count() == 3
    assert StockRecord.objects.get(product=shop.songket).quantity == 0
    assert StockRecord.objects.get(product=shop.scarf).quantity == 0


def test_concurrent_expiry_webhooks_release_stock_once(shop, stripe_on, no_rate_limit):
    from .conftest import post_webhook

    client = Client()
    add_to_cart(client, shop.songket, 2)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    session = stripe_on.expire(order.stripe_session_id)
    events = [stripe_on.event("checkout.session.expired", session) for _ in range(8)]

    statuses = run_at_once(8, lambda index: post_webhook(events[index]).status_code)

    assert statuses == [200] * 8
    assert StockRecord.objects.get(product=shop.songket).quantity == 5


def test_two_shoppers_race_for_the_last_unit_of_one_size(shop, stripe_on, no_rate_limit):
    variants = set_variants(
        shop.songket,
        [
            {"kind": "size", "label": "M", "quantity": 1},
            {"kind": "size", "label": "L", "quantity": 4},
        ],
    )
    medium, large = variants
    clients = []
    for _ in range(2):
        client = Client()
        client.post("/keranjang/tambah/", {"product": shop.songket.pk, "variant": medium.pk})
        clients.append(client)

    def checkout(index):
        response = clients[index].post(
            "/keranjang/checkout/", checkout_data(shop.online), follow=True
        )
        return response.content.decode()

    pages = run_at_once(2, checkout)

    assert ProductVariant.objects.get(pk=medium.pk).quantity == 0
    assert ProductVariant.objects.get(pk=large.pk).quantity == 4  # the other size untouched
    assert StockRecord.objects.get(product=shop.songket).quantity == 4
    assert Order.objects.filter(status="pending").count() == 1
    line = OrderLine.objects.get()
    assert line.variant_id == medium.pk and line.variant_label == "Ukuran: M"
    told = [page for page in pages if "Ukuran: M" in page and "message--error" in page]
    assert len(told) == 1
