"""Correctly signed but malformed Stripe events: 400 and a log line, never a 500 (Stripe would
retry a 500 for days) and nothing stored."""

import json
import logging

import pytest
import stripe

from django.test import Client

from marketplace.orders.models import PaymentEvent

from .conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


def post_raw(payload):
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    return Client(raise_request_exception=False).post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def event(**overrides):
    body = {
        "id": "evt_malformed_1",
        "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_1", "metadata": {"order_reference": "PL-X"}}},
    }
    body.update(overrides)
    return json.dumps(body)


MALFORMED = {
    "a list": "[1,2]",
    "not JSON": "{nope",
    "a string": '"evt"',
    "object is a string": event(data={"object": "cs_1"}),
    "data is a list": event(data=[1]),
    "metadata is a string": event(data={"object": {"id": "cs_1", "metadata": "PL-X"}}),
    "metadata is a list": event(data={"object": {"id": "cs_1", "metadata": ["PL-X"]}}),
    "reference is a dict": event(
        data={"object": {"id": "cs_1", "metadata": {"order_reference": {"$ne": 1}}}}
    ),
    "session id is a list": event(data={"object": {"id": ["cs_1"]}}),
    "type is a number": event(type=7),
    "id is a number": event(id=12),
    "id too long": event(id="evt_" + "x" * 300),
    "id with NUL": event(id="evt_\u0000"),
    "NUL deep inside": event(data={"object": {"id": "cs_1", "description": "a\u0000b"}}),
    "refund with a dict intent": event(
        type="charge.refunded", data={"object": {"payment_intent": {"a": 1}, "refunded": True}}
    ),
}


@pytest.mark.parametrize("payload", MALFORMED.values(), ids=MALFORMED.keys())
def test_signed_but_malformed_event_is_refused_and_logged(stripe_on, payload, caplog):
    with caplog.at_level(logging.WARNING, logger="marketplace.orders.webhooks"):
        response = post_raw(payload)
    assert response.status_code == 400
    assert PaymentEvent.objects.count() == 0
    assert any("malformed stripe event" in r.getMessage() for r in caplog.records)
