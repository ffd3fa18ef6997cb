"""Provider notifications: verify, store the event once, apply it to the order, answer quickly.

Stripe: a missing or bad signature, a body that was changed, or a timestamp older than the
library's tolerance (5 minutes) answers 400 and changes nothing. A repeated event id answers 200
and does nothing.

Midtrans: the body's `signature_key` is checked (403 when wrong, 400 when the body cannot be
read), then the transaction's status is fetched from Midtrans and only that is acted on, so a
replayed or reordered notification cannot move an order by itself. The event id is built from
the fetched status, so the same state reported twice is applied once.

E-mails are queued with transaction.on_commit, so they leave only after the change is saved.
"""

import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import lifecycle, midtrans
from .models import Order, PaymentEvent
from .payments import InvalidNotification, MalformedNotification, PaymentProviderError
from .stripe_provider import StripeProvider, apply_session

logger = logging.getLogger(__name__)

HANDLED = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "charge.refunded",
}


def find_order_for_session(session):
    reference = (session.get("metadata") or {}).get("order_reference") or session.get(
        "client_reference_id"
    )
    order = Order.objects.filter(reference=reference).first() if reference else None
    if order is None and session.get("id"):
        order = Order.objects.filter(stripe_session_id=session["id"]).first()
    return order


def find_order_for_charge(charge):
    order = None
    if charge.get("payment_intent"):
        order = Order.objects.filter(stripe_payment_intent=charge["payment_intent"]).first()
    if order is None:
        reference = (charge.get("metadata") or {}).get("order_reference")
        if reference:
            order = Order.objects.filter(reference=reference).first()
    return order


def handle_event(event, source="webhook"):
    """Store the event once and apply it. Returns (created, outcome)."""
    event_type = event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = PaymentEvent.objects.create(
                    event_id=event["id"], event_type=event_type[:80], source=source, payload=event
                )
        except IntegrityError:
            return False, "duplicate"
        if event_type not in HANDLED:
            outcome = "not handled"
        elif event_type == "charge.refunded":
            record.order = find_order_for_charge(obj)
            outcome = (
                lifecycle.mark_refunded(record.order, full=bool(obj.get("refunded")))
                if record.order
                else "no matching order"
            )
        else:
            record.order = find_order_for_session(obj)
            outcome = (
                apply_session(record.order, obj, event_type)
                if record.order
                else "no matching order"
            )
        record.outcome = str(outcome)[:255]
        record.save(update_fields=["order", "outcome"])
    return True, outcome


class MalformedEvent(ValueError):
    pass


def _text_or_none(value, name):
    if value is not None and not isinstance(value, str):
        raise MalformedEvent(f"{name} is not a string")


def check_event_shape(event):
    """Raise MalformedEvent unless the event has the shape the handlers read.

    A signed event can still be malformed (a bug or a test tool on Stripe's side, an API version
    change); it must be refused with a 400, never crash the handler with a 500.
    """
    if not isinstance(event, dict):
        raise MalformedEvent("not an object")
    event_id = event.get("id")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 255:
        raise MalformedEvent("id is not a string of 1-255 characters")
    if not isinstance(event.get("type", ""), str):
        raise MalformedEvent("type is not a string")
    data = event.get("data", {})
    if not isinstance(data, dict) or not isinstance(data.get("object", {}), dict):
        raise MalformedEvent("data.object is not an object")
    obj = data.get("object") or {}
    metadata = obj.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise MalformedEvent("metadata is not an object")
    _text_or_none((metadata or {}).get("order_reference"), "metadata.order_reference")
    for field in ("id", "client_reference_id", "payment_intent", "payment_status"):
        _text_or_none(obj.get(field), field)


@csrf_exempt  # Stripe cannot send a CSRF token; the signature check below replaces it.
@require_POST
def stripe_webhook(request):
    try:
        event = StripeProvider().parse_notification(request)
    except InvalidNotification as error:
        if isinstance(error, MalformedNotification):
            logger.warning("malformed stripe event refused: %s", error)
        return HttpResponseBadRequest(str(error))
    try:
        # PostgreSQL can store no NUL character, in text or in JSON.
        if b"\\u0000" in request.body:
            raise MalformedEvent("contains a NUL character")
        check_event_shape(event)
        created, outcome = handle_event(event)
    except (ValueError, TypeError, AttributeError, KeyError) as error:  # MalformedEvent too
        # The transaction in handle_event rolled back: nothing of the event is stored.
        logger.warning("malformed stripe event refused: %s", error)
        return HttpResponseBadRequest("malformed event")
    logger.info("stripe event %s %s: %s", event.get("id"), event.get("type"), outcome)
    return HttpResponse("ok" if created else "duplicate", content_type="text/plain")


# --- Midtrans ------------------------------------------------------------------------------


def handle_midtrans_status(order, status, source="notification"):
    """Store the fetched Midtrans status once per state and apply it. Returns (created, outcome)."""
    raw = status.raw or {"order_id": order.payment_reference, "transaction_status": status.detail}
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = PaymentEvent.objects.create(
                    event_id=midtrans.event_id(raw),
                    event_type=f"midtrans.{status.detail or status.state}"[:80],
                    source=source,
                    order=order,
                    payload=raw,
                )
        except IntegrityError:
            return False, "duplicate"
        outcome = midtrans.apply_status(order, status)
        record.outcome = str(outcome)[:255]
        record.save(update_fields=["outcome"])
    return True, outcome


@csrf_exempt  # Midtrans cannot send a CSRF token; the signature check and re-fetch replace it.
@require_POST
def midtrans_notification(request):
    provider = midtrans.MidtransProvider()
    try:
        order_id = provider.parse_notification(request)["order_id"]
    except InvalidNotification as error:
        return HttpResponse(str(error), status=error.status, content_type="text/plain")
    order = Order.objects.filter(payment_reference=order_id).first()
    if order is None:
        # e.g. the dashboard's test notification: nothing to do, and no reason to retry.
        logger.info("midtrans notification for unknown order_id %s", order_id)
        return HttpResponse("no matching order", content_type="text/plain")
    try:
        status = provider.fetch_status(order)
    except PaymentProviderError:
        # Midtrans retries notifications that do not get a 2xx answer.
        return HttpResponse("status unavailable", status=503, content_type="text/plain")
    created, outcome = handle_midtrans_status(order, status)
    logger.info("midtrans notification %s %s: %s", order_id, status.detail, outcome)
    return HttpResponse("ok" if created else "duplicate", content_type="text/plain")
