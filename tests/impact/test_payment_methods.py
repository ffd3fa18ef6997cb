"""How people pay: paid orders and GMV by payment provider and method on the impact dashboard."""

import pytest

from django.urls import reverse
from django.utils import translation

from marketplace.orders.models import Order

from .test_metrics import report

pytestmark = pytest.mark.django_db


def pay_with(dataset, gmv, provider, method):
    order = next(o for o in Order.objects.filter(status="paid") if o.total == gmv)
    Order.objects.filter(pk=order.pk).update(payment_provider=provider, payment_method=method)


def test_paid_sales_by_payment_method(dataset):
    # March: O1 Rp350.000 by QRIS through Midtrans, O2 Rp150.000 by card through Stripe.
    pay_with(dataset, 350000, "midtrans", "qris")
    pay_with(dataset, 150000, "stripe", "card")
    with translation.override("en"):
        rows = report(dataset).sales_by_payment_method
    assert [(r["name"], r["paid_orders"], r["gmv"]) for r in rows] == [
        ("Midtrans · QRIS", 1, 350000),
        ("Stripe · Card", 1, 150000),
    ]


def test_dashboard_shows_how_people_pay(client, dataset, editor):
    pay_with(dataset, 350000, "midtrans", "bca_va")
    client.force_login(editor)
    page = client.get(reverse("impact:dashboard")).content.decode()
    assert "Midtrans · BCA VA" in page
