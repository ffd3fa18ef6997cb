"""Editors see how each order was paid: provider and method, in the list, filters and export."""

import pytest

from marketplace.orders.models import Order

from .test_admin import editor_client, two_orders  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_orders_list_shows_filters_and_exports_provider_and_method(
    editor_client,  # noqa: F811
    two_orders,  # noqa: F811
):
    mine, theirs, _other = two_orders
    Order.objects.filter(pk=mine.pk).update(payment_provider="midtrans", payment_method="qris")
    Order.objects.filter(pk=theirs.pk).update(payment_provider="stripe", payment_method="card")

    page = editor_client.get("/admin/orders/all/").content.decode()
    assert "Midtrans · QRIS" in page and "Stripe · Kartu" in page

    page = editor_client.get("/admin/orders/all/", {"payment_method": "qris"}).content.decode()
    assert mine.reference in page and theirs.reference not in page
    page = editor_client.get("/admin/orders/all/", {"payment_provider": "stripe"}).content.decode()
    assert theirs.reference in page and mine.reference not in page

    response = editor_client.get("/admin/orders/all/", {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    row = next(line for line in body.splitlines() if mine.reference in line)
    assert "midtrans" in row and "qris" in row

    inspect = editor_client.get(f"/admin/orders/all/inspect/{mine.pk}/").content.decode()
    assert "qris" in inspect.lower()
