import datetime
from io import StringIO

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from marketplace.orders.models import Order
from marketplace.products import StockRecord

from .conftest import add_to_cart, checkout_data

pytestmark = pytest.mark.django_db


def place(client, shop, quantity=1):
    add_to_cart(client, shop.songket, quantity)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    return Order.objects.latest("pk")


def run():
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def later():
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=45), tick=False)


def test_paid_session_whose_webhook_never_came_is_marked_paid(
    client, shop, stripe_on, django_capture_on_commit_callbacks
):
    order = place(client, shop, 2)
    stripe_on.complete(order.stripe_session_id)
    with later(), django_capture_on_commit_callbacks(execute=True):
        output = run()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert "1 paid" in output
    assert any(m.to == ["nurul@example.com"] for m in mail.outbox)
    retrieves = [r for r in stripe_on.requests if r["method"] == "GET"]
    assert [r["path"] for r in retrieves] == [f"/v1/checkout/sessions/{order.stripe_session_id}"]


def test_expired_or_still_open_sessions_are_cancelled_and_stock_released(client, shop, stripe_on):
    first = place(client, shop, 2)
    second = place(client, shop, 1)
    stripe_on.expire(first.stripe_session_id)
    with later():
        output = run()
    assert "2 cancelled" in output
    assert set(Order.objects.values_list("status", flat=True)) == {"cancelled"}
    assert StockRecord.objects.get(product=shop.songket).quantity == 5
    # The open one was expired at Stripe first, so it can no longer be paid.
    assert stripe_on.sessions[second.stripe_session_id]["status"] == "expired"


def test_orders_within_their_window_are_left_alone(client, shop, stripe_on):
    order = place(client, shop)
    assert "0 paid, 0 cancelled" in run()
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert [r for r in stripe_on.requests if r["method"] == "GET"] == []


def test_stripe_errors_leave_the_order_for_next_time(client, shop, stripe_on):
    order = place(client, shop)
    del stripe_on.sessions[order.stripe_session_id]
    with later():
        assert "1 errors" in run()
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
