"""reconcile_payments with Midtrans (and with both providers on)."""

import pytest

from django.core import mail

from marketplace.orders.models import Order
from marketplace.products import StockRecord

from .conftest import add_to_cart, checkout_data
from .test_reconcile import later, place, run

pytestmark = pytest.mark.django_db


def test_missed_midtrans_settlement_is_found_and_marked_paid(
    client, shop, midtrans_on, django_capture_on_commit_callbacks
):
    order = place(client, shop, 2)
    midtrans_on.settle(order.payment_reference, method="bca_va")  # no notification ever came
    with later(), django_capture_on_commit_callbacks(execute=True):
        output = run()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method == "bca_va"
    assert "1 paid" in output
    assert any(m.to == ["nurul@example.com"] for m in mail.outbox)
    assert StockRecord.objects.get(product=shop.songket).quantity == 3


def test_expired_or_pending_midtrans_payments_release_stock(client, shop, midtrans_on):
    # The cart keeps its items until the shopper returns from paying: 2, then 3, then 4 units.
    StockRecord.objects.filter(product=shop.songket).update(quantity=20)
    expired = place(client, shop, 2)
    pending = place(client, shop, 1)
    never_chosen = place(client, shop, 1)
    midtrans_on.choose(expired.payment_reference, "gopay")
    midtrans_on.expire(expired.payment_reference)
    midtrans_on.choose(pending.payment_reference, "bni_va")
    with later():
        output = run()
    assert "3 cancelled" in output
    assert set(Order.objects.values_list("status", flat=True)) == {"cancelled"}
    assert StockRecord.objects.get(product=shop.songket).quantity == 20
    # The pending VA was expired at Midtrans first, so it can no longer be paid.
    status = midtrans_on.transactions[pending.payment_reference]["status"]
    assert status["transaction_status"] == "expire"
    assert never_chosen.payment_reference in midtrans_on.transactions


def test_both_providers_in_one_run(client, shop, stripe_on, midtrans_on):
    card = place_with(client, shop, "stripe")
    qris = place_with(client, shop, "midtrans")
    stripe_on.complete(card.stripe_session_id)
    midtrans_on.settle(qris.payment_reference)
    with later():
        assert "2 paid" in run()


def place_with(client, shop, provider):
    add_to_cart(client, shop.songket, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online, provider=provider))
    order = Order.objects.latest("pk")
    assert order.payment_provider == provider
    return order
