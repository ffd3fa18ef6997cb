"""Midtrans Snap through the official client, against the fake Midtrans server over HTTP."""

import datetime

import pytest

from django.core import mail
from django.utils import timezone

from marketplace.orders.midtrans import (
    midtrans_amount_to_rupiah,
    rupiah_to_midtrans_amount,
    signature_for,
)
from marketplace.orders.models import Order, PaymentEvent
from marketplace.products import StockRecord

from .conftest import MIDTRANS_SERVER_KEY, add_to_cart, checkout_data, post_notification

pytestmark = pytest.mark.django_db


def stock(product):
    return StockRecord.objects.get(product=product).quantity


@pytest.fixture
def placed(client, shop, midtrans_on):
    """A shopper checked out 2 songket (5 in stock → 3) with shipping and is on the Snap page."""
    shop.online.email = "tenun@example.com"
    shop.online.save()
    add_to_cart(client, shop.songket, 2)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    assert response.status_code == 303
    assert response["Location"].startswith(midtrans_on.url + "/snap/v4/redirection/")
    return order


def notify(fake, order, captured, **overrides):
    with captured(execute=True):
        return post_notification(fake.notification(order.payment_reference, **overrides))


# --- Creating the Snap transaction ----------------------------------------------------------


def test_whole_rupiah_are_sent_to_midtrans_without_times_100(placed, midtrans_on):
    """Where the "no ×100" rule for Midtrans is tested (Stripe's ×100 is in test_payments)."""
    (create,) = midtrans_on.creates()
    params = create["params"]
    assert params["transaction_details"] == {
        "order_id": placed.payment_reference,
        "gross_amount": 325000,  # 2 × Rp150.000 + Rp25.000 shipping, not 32500000
    }
    assert params["item_details"] == [
        {
            "id": str(placed.lines.get().product_id),
            "price": 150000,
            "quantity": 2,
            "name": "Songket Subahnale",
        },
        {
            "id": f"ongkir-{placed.deliveries.get().seller_id}",
            "price": 25000,
            "quantity": 1,
            "name": "Ongkos kirim – Tenun Sukarara",
        },
    ]
    assert rupiah_to_midtrans_amount(150_000) == 150_000
    assert midtrans_amount_to_rupiah("150000.00") == 150_000
    assert midtrans_amount_to_rupiah("150000.50") is None


def test_snap_request_carries_customer_expiry_payments_and_server_key(placed, midtrans_on):
    (create,) = midtrans_on.creates()
    params = create["params"]
    assert params["customer_details"] == {
        "first_name": "Baiq Nurul",
        "email": "nurul@example.com",
        "phone": placed.customer_phone,
    }
    assert params["enabled_payments"] == ["other_qris", "gopay", "bca_va", "bni_va"]
    # The Snap page closes when the stock reservation does.
    start = datetime.datetime.strptime(params["expiry"]["start_time"], "%Y-%m-%d %H:%M:%S %z")
    assert params["expiry"]["unit"] == "minutes"
    end = start + datetime.timedelta(minutes=params["expiry"]["duration"])
    assert datetime.timedelta(0) <= placed.expires_at - end < datetime.timedelta(seconds=1)
    assert params["callbacks"]["finish"].endswith(f"/pesanan/{placed.access_token}/berhasil/")
    assert create["headers"]["Authorization"].startswith("Basic ")
    assert placed.payment_provider == "midtrans" and placed.status == Order.Status.PENDING


def test_order_id_is_unique_per_attempt(client, shop, midtrans_on):
    add_to_cart(client, shop.songket, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    add_to_cart(client, shop.songket, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    ids = [c["params"]["transaction_details"]["order_id"] for c in midtrans_on.creates()]
    assert len(ids) == 2 and len(set(ids)) == 2
    for order in Order.objects.all():
        assert order.payment_reference.startswith(order.reference + "-")


def test_midtrans_down_gives_back_the_stock_and_tells_the_shopper(client, shop, midtrans_on):
    midtrans_on.fail_next_create = "500"
    add_to_cart(client, shop.songket, 2)
    response = client.post("/keranjang/checkout/", checkout_data(shop.online), follow=True)
    assert response.redirect_chain[-1][0] == "/keranjang/"
    html = response.content.decode()
    assert "Nothing was charged" in html or "Tidak ada yang ditagih" in html
    assert Order.objects.get().status == Order.Status.CANCELLED
    assert stock(shop.songket) == 5


# --- Notifications --------------------------------------------------------------------------


def test_qris_settlement_marks_paid_and_emails_after_commit(
    placed, midtrans_on, shop, django_capture_on_commit_callbacks
):
    midtrans_on.settle(placed.payment_reference, method="qris")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_notification(midtrans_on.notification(placed.payment_reference))
    assert response.status_code == 200
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID and placed.paid_at
    assert placed.payment_method == "qris" and placed.payment_display() == "Midtrans · QRIS"
    assert stock(shop.songket) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["nurul@example.com", "tenun@example.com"]
    # The status was fetched from Midtrans before anything changed.
    assert len(midtrans_on.status_requests(placed.payment_reference)) == 1


def test_va_pending_then_settlement(placed, midtrans_on, django_capture_on_commit_callbacks):
    midtrans_on.choose(placed.payment_reference, "bca_va")
    assert notify(midtrans_on, placed, django_capture_on_commit_callbacks).status_code == 200
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and placed.payment_method == "bca_va"
    assert mail.outbox == []
    midtrans_on.settle(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID and placed.payment_display() == "Midtrans · BCA VA"
    assert PaymentEvent.objects.filter(order=placed).count() == 2


def test_expire_releases_stock(placed, midtrans_on, shop, django_capture_on_commit_callbacks):
    midtrans_on.choose(placed.payment_reference, "bni_va")
    midtrans_on.expire(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.CANCELLED
    assert stock(shop.songket) == 5


def test_deny_releases_stock(placed, midtrans_on, shop, django_capture_on_commit_callbacks):
    midtrans_on.deny(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.CANCELLED and stock(shop.songket) == 5
    assert mail.outbox == []


def test_card_capture_challenge_is_flagged_not_paid(
    placed, midtrans_on, django_capture_on_commit_callbacks
):
    midtrans_on.capture(placed.payment_reference, fraud_status="challenge")
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and placed.needs_review


def test_duplicate_notification_changes_state_once(
    placed, midtrans_on, shop, django_capture_on_commit_callbacks
):
    midtrans_on.settle(placed.payment_reference)
    body = midtrans_on.notification(placed.payment_reference)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_notification(body)
        second = post_notification(body)
    assert first.status_code == 200 and second.status_code == 200
    assert second.content == b"duplicate"
    assert PaymentEvent.objects.filter(order=placed).count() == 1
    assert len(mail.outbox) == 2  # shopper + seller, once


def test_settlement_after_expire_is_flagged_not_applied(
    placed, midtrans_on, shop, django_capture_on_commit_callbacks
):
    midtrans_on.choose(placed.payment_reference, "bca_va")
    midtrans_on.expire(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    assert stock(shop.songket) == 5
    # Out of order: Midtrans later reports the VA as settled.
    midtrans_on.settle(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.CANCELLED
    assert placed.needs_review
    assert placed.review_reason in (
        "Payment arrived for a cancelled order.",
        "Pembayaran masuk untuk pesanan yang sudah dibatalkan.",
    )
    assert stock(shop.songket) == 5  # the released stock is not taken twice


def test_late_expire_body_for_a_settled_payment_is_not_believed(
    placed, midtrans_on, shop, django_capture_on_commit_callbacks
):
    """A correctly signed but stale "expire" notification: the fetched status says settled."""
    midtrans_on.choose(placed.payment_reference, "bca_va")
    stale = midtrans_on.expire(placed.payment_reference)
    body = midtrans_on.notification(placed.payment_reference)
    midtrans_on.transactions[placed.payment_reference]["status"].update(stale)
    midtrans_on.settle(placed.payment_reference)
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(body)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID
    assert stock(shop.songket) == 3


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        "{}",
        '{"order_id": 5, "status_code": "200", "gross_amount": "1.00", "signature_key": "x"}',
        b"\xff\xfe",
        "[" * 5000 + "]" * 5000,
    ],
)
def test_malformed_bodies_answer_400(placed, midtrans_on, body):
    response = post_notification(body)
    assert response.status_code == 400
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING


def test_bad_signature_is_refused_and_changes_nothing(placed, midtrans_on, shop):
    midtrans_on.settle(placed.payment_reference)
    forged = midtrans_on.notification(placed.payment_reference, server_key="guessed-key")
    response = post_notification(forged)
    assert response.status_code == 403
    tampered = midtrans_on.notification(placed.payment_reference)
    tampered["gross_amount"] = "1.00"
    assert post_notification(tampered).status_code == 403
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and not placed.needs_review
    assert PaymentEvent.objects.count() == 0
    assert midtrans_on.status_requests() == []  # nothing fetched for a forged body


def test_amount_mismatch_is_flagged(placed, midtrans_on, django_capture_on_commit_callbacks):
    midtrans_on.settle(placed.payment_reference, gross_amount="3250.00")
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and placed.needs_review
    assert "3250" in placed.review_reason
    # Editors get the review notice; the shopper and seller get no "paid" e-mail.
    assert all(
        "nurul@example.com" not in m.to and "tenun@example.com" not in m.to for m in mail.outbox
    )


def test_currency_mismatch_is_flagged(placed, midtrans_on, django_capture_on_commit_callbacks):
    midtrans_on.settle(placed.payment_reference, currency="USD")
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and placed.needs_review


def test_refund_and_partial_refund(placed, midtrans_on, django_capture_on_commit_callbacks):
    midtrans_on.settle(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    midtrans_on.refund(placed.payment_reference, partial=True)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID and placed.needs_review
    midtrans_on.refund(placed.payment_reference)
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.REFUNDED


def test_unknown_order_id_is_acknowledged_and_ignored(placed, midtrans_on):
    body = {
        "order_id": "payment_notif_test_G000000000",
        "status_code": "200",
        "gross_amount": "10000.00",
        "transaction_status": "settlement",
    }
    body["signature_key"] = signature_for(body["order_id"], "200", "10000.00", MIDTRANS_SERVER_KEY)
    assert post_notification(body).status_code == 200
    assert PaymentEvent.objects.count() == 0


def test_midtrans_unreachable_on_refetch_asks_for_a_retry(placed, midtrans_on, settings):
    midtrans_on.settle(placed.payment_reference)
    body = midtrans_on.notification(placed.payment_reference)
    settings.MIDTRANS_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    assert post_notification(body).status_code == 503
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING


def test_notification_endpoint_refuses_when_midtrans_is_off(client, db):
    assert post_notification({"order_id": "x"}).status_code == 400
    assert client.get("/midtrans/notification/").status_code == 405


def test_order_page_turns_paid_with_method(
    client, placed, midtrans_on, django_capture_on_commit_callbacks
):
    midtrans_on.settle(placed.payment_reference, method="gopay")
    notify(midtrans_on, placed, django_capture_on_commit_callbacks)
    page = client.get(f"/pesanan/{placed.access_token}/").content.decode()
    assert "order-status--paid" in page and "GoPay" in page


def test_expires_at_window_is_the_reservation(placed):
    assert placed.expires_at - placed.created_at < datetime.timedelta(minutes=32)
    assert placed.expires_at > timezone.now()


def test_back_from_snap_with_a_pending_va_says_awaiting_payment(client, placed, midtrans_on):
    midtrans_on.choose(placed.payment_reference, "bca_va")
    url = f"/pesanan/{placed.access_token}/berhasil/"
    pending = client.get(
        url, {"order_id": placed.payment_reference, "transaction_status": "pending"}
    )
    assert "Menunggu pembayaran" in pending.content.decode()
    settled = client.get(url, {"transaction_status": "settlement"})
    assert "sedang dikonfirmasi" in settled.content.decode()
