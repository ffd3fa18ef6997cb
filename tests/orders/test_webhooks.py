import time

import pytest

from django.core import mail

from marketplace.orders.models import Order, PaymentEvent
from marketplace.products import StockRecord

from .conftest import add_to_cart, checkout_data, post_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(client, shop, stripe_on):
    """A shopper checked out 2 songket (5 in stock → 3) and is on Stripe's page."""
    add_to_cart(client, shop.songket, 2)
    client.post("/keranjang/checkout/", checkout_data(shop.online))
    order = Order.objects.get()
    shop.online.email = "tenun@example.com"
    shop.online.save()
    return order


def stock(product):
    return StockRecord.objects.get(product=product).quantity


def deliver(fake, event_type, session, captured, **kwargs):
    with captured(execute=True):
        return post_webhook(fake.event(event_type, session, **kwargs))


def test_completed_marks_paid_and_emails_shopper_and_seller_after_commit(
    placed, stripe_on, shop, django_capture_on_commit_callbacks
):
    session = stripe_on.complete(placed.stripe_session_id)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_webhook(stripe_on.event("checkout.session.completed", session))
    assert response.status_code == 200
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()

    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID and placed.paid_at is not None
    assert placed.stripe_payment_intent == session["payment_intent"]
    assert stock(shop.songket) == 3
    shopper, seller = sorted(mail.outbox, key=lambda m: m.to != ["nurul@example.com"])
    assert shopper.to == ["nurul@example.com"] and placed.reference in shopper.subject
    assert seller.to == ["tenun@example.com"]
    assert "Songket Subahnale" in seller.body and "83239" in seller.body


def test_seller_notice_has_only_their_lines(
    client, home_page, stripe_on, shop, django_capture_on_commit_callbacks
):
    other = type(shop.online).objects.get(pk=shop.online.pk)
    from tests.factories import ProductPageFactory, SellerPageFactory

    second = SellerPageFactory(
        parent=shop.index, title="Gerabah Banyumulek", email="gerabah@example.com"
    )
    pot = ProductPageFactory(parent=second, title="Kendi", stock__price=40000)
    other.email = "tenun@example.com"
    other.save()
    add_to_cart(client, shop.songket, 1)
    add_to_cart(client, pot, 1)
    client.post("/keranjang/checkout/", checkout_data(shop.online, second))
    order = Order.objects.get()

    deliver(
        stripe_on,
        "checkout.session.completed",
        stripe_on.complete(order.stripe_session_id),
        django_capture_on_commit_callbacks,
    )

    by_to = {tuple(m.to): m.body for m in mail.outbox}
    assert (
        "Kendi" in by_to[("gerabah@example.com",)]
        and "Songket" not in by_to[("gerabah@example.com",)]
    )
    assert (
        "Songket" in by_to[("tenun@example.com",)] and "Kendi" not in by_to[("tenun@example.com",)]
    )
    shopper = by_to[("nurul@example.com",)]
    assert "Kendi" in shopper and "Songket" in shopper


def test_order_page_turns_paid(client, placed, stripe_on, django_capture_on_commit_callbacks):
    page = client.get(f"/pesanan/{placed.access_token}/").content.decode()
    assert "order-status--pending" in page
    deliver(
        stripe_on,
        "checkout.session.completed",
        stripe_on.complete(placed.stripe_session_id),
        django_capture_on_commit_callbacks,
    )
    page = client.get(f"/pesanan/{placed.access_token}/").content.decode()
    assert "order-status--paid" in page


def test_duplicate_event_changes_state_once_and_sends_one_set_of_emails(
    placed, stripe_on, django_capture_on_commit_callbacks
):
    event = stripe_on.event(
        "checkout.session.completed", stripe_on.complete(placed.stripe_session_id)
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = post_webhook(event)
        second = post_webhook(event)
    assert first.status_code == 200 and second.status_code == 200
    assert PaymentEvent.objects.filter(event_id=event["id"]).count() == 1
    assert len(mail.outbox) == 2  # shopper + one seller, once


def test_expired_after_completed_changes_nothing(
    placed, stripe_on, shop, django_capture_on_commit_callbacks
):
    session = stripe_on.complete(placed.stripe_session_id)
    deliver(stripe_on, "checkout.session.completed", session, django_capture_on_commit_callbacks)
    response = deliver(
        stripe_on,
        "checkout.session.expired",
        {**session, "status": "expired"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID
    assert stock(shop.songket) == 3


def test_unpaid_completed_waits(placed, stripe_on, django_capture_on_commit_callbacks):
    session = stripe_on.complete(placed.stripe_session_id, payment_status="unpaid")
    deliver(stripe_on, "checkout.session.completed", session, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING and mail.outbox == []
    deliver(
        stripe_on,
        "checkout.session.async_payment_succeeded",
        {**session, "payment_status": "paid"},
        django_capture_on_commit_callbacks,
    )
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID


def test_async_payment_failure_releases_stock_once(
    placed, stripe_on, shop, django_capture_on_commit_callbacks
):
    session = stripe_on.complete(placed.stripe_session_id, payment_status="unpaid")
    assert stock(shop.songket) == 3
    deliver(
        stripe_on,
        "checkout.session.async_payment_failed",
        session,
        django_capture_on_commit_callbacks,
    )
    deliver(
        stripe_on,
        "checkout.session.async_payment_failed",
        session,
        django_capture_on_commit_callbacks,
    )  # new event id
    deliver(stripe_on, "checkout.session.expired", session, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.CANCELLED
    assert stock(shop.songket) == 5


def test_expired_session_cancels_and_releases(
    placed, stripe_on, shop, django_capture_on_commit_callbacks
):
    deliver(
        stripe_on,
        "checkout.session.expired",
        stripe_on.expire(placed.stripe_session_id),
        django_capture_on_commit_callbacks,
    )
    placed.refresh_from_db()
    assert placed.status == Order.Status.CANCELLED and stock(shop.songket) == 5


@pytest.mark.parametrize(
    "change",
    [{"amount_total": 100}, {"currency": "usd"}],
    ids=["amount", "currency"],
)
def test_amount_or_currency_mismatch_flags_for_review_not_paid(
    placed, stripe_on, settings, change, django_capture_on_commit_callbacks
):
    session = stripe_on.complete(placed.stripe_session_id, **change)
    deliver(stripe_on, "checkout.session.completed", session, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PENDING
    assert placed.needs_review is True and placed.review_reason
    assert [m.to for m in mail.outbox] == [list(settings.EDITOR_NOTICE_EMAILS)]


def test_refund_marks_refunded_and_tells_the_shopper(
    placed, stripe_on, django_capture_on_commit_callbacks
):
    session = stripe_on.complete(placed.stripe_session_id)
    deliver(stripe_on, "checkout.session.completed", session, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    charge = stripe_on.charge(session["payment_intent"], session["amount_total"])
    deliver(stripe_on, "charge.refunded", charge, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.REFUNDED and placed.refunded_at
    assert [m.to for m in mail.outbox] == [["nurul@example.com"]]


def test_partial_refund_flags_for_review(placed, stripe_on, django_capture_on_commit_callbacks):
    session = stripe_on.complete(placed.stripe_session_id)
    deliver(stripe_on, "checkout.session.completed", session, django_capture_on_commit_callbacks)
    charge = stripe_on.charge(session["payment_intent"], session["amount_total"], refunded=False)
    deliver(stripe_on, "charge.refunded", charge, django_capture_on_commit_callbacks)
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID and placed.needs_review


def _assert_unchanged(order, shop):
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert PaymentEvent.objects.count() == 0
    assert stock(shop.songket) == 3
    assert mail.outbox == []


def test_tampered_body_is_rejected(placed, stripe_on, shop):
    event = stripe_on.event(
        "checkout.session.completed", stripe_on.complete(placed.stripe_session_id)
    )
    import json

    tampered = json.dumps(event).replace('"amount_total": ', '"amount_total": 1')
    response = post_webhook(event, body=tampered)
    assert response.status_code == 400
    _assert_unchanged(placed, shop)


def test_wrong_secret_is_rejected(placed, stripe_on, shop):
    event = stripe_on.event(
        "checkout.session.completed", stripe_on.complete(placed.stripe_session_id)
    )
    assert post_webhook(event, secret="whsec_someone_else").status_code == 400
    _assert_unchanged(placed, shop)


def test_stale_timestamp_is_rejected(placed, stripe_on, shop):
    event = stripe_on.event(
        "checkout.session.completed", stripe_on.complete(placed.stripe_session_id)
    )
    assert post_webhook(event, timestamp=int(time.time()) - 600).status_code == 400
    _assert_unchanged(placed, shop)


def test_missing_signature_is_rejected(placed, stripe_on, shop):
    from django.test import Client

    event = stripe_on.event(
        "checkout.session.completed", stripe_on.complete(placed.stripe_session_id)
    )
    response = Client(enforce_csrf_checks=True).post(
        "/stripe/webhook/", event, content_type="application/json"
    )
    assert response.status_code == 400
    _assert_unchanged(placed, shop)


def test_webhook_only_accepts_post(stripe_on):
    from django.test import Client

    assert Client().get("/stripe/webhook/").status_code == 405


def test_unknown_event_types_are_logged_and_acknowledged(stripe_on, db):
    response = post_webhook(
        stripe_on.event("customer.created", {"id": "cus_1", "object": "customer"})
    )
    assert response.status_code == 200
    assert PaymentEvent.objects.get().outcome == "not handled"


def test_with_the_production_queue_the_webhook_answers_before_any_mail_is_sent(
    placed, stripe_on, shop, settings, django_capture_on_commit_callbacks
):
    """The SMTP server is down: Stripe still gets its 200 at once; the e-mails wait in the queue
    for the worker, which retries them later."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.core.failing_mail.DownBackend"
    session = stripe_on.complete(placed.stripe_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(stripe_on.event("checkout.session.completed", session))
    assert response.status_code == 200
    placed.refresh_from_db()
    assert placed.status == Order.Status.PAID
    queued = DBTaskResult.objects.filter(task_path="pasarlokal.core.mail.send_email")
    assert sorted(r.args_kwargs["args"][0]["to"][0] for r in queued) == [
        "nurul@example.com",
        "tenun@example.com",
    ]
